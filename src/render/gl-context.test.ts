import { describe, expect, it } from 'vitest';
import { bufferSize, explainProgramFailure } from './gl-context';

/** Just enough of a WebGL1 context for checkProgram: sources containing "BAD" do not compile, "NOLINK" do not link. */
function fakeGl(lost = false) {
  const calls: string[] = [];
  let src = '';
  const programs: string[] = [];
  const gl = {
    VERTEX_SHADER: 1,
    FRAGMENT_SHADER: 2,
    COMPILE_STATUS: 3,
    LINK_STATUS: 4,
    isContextLost: () => lost,
    createShader: (type: number) => ({ type, src: '' }),
    shaderSource: (s: { src: string }, text: string) => {
      s.src = text;
      src = text;
    },
    compileShader: (s: { src: string }) => calls.push(`compile ${s.src}`),
    getShaderParameter: (s: { src: string }) => !s.src.includes('BAD'),
    getShaderInfoLog: () => `ERROR: 0:1: '${src}' : syntax error`,
    deleteShader: () => undefined,
    createProgram: () => {
      programs.length = 0;
      return {};
    },
    attachShader: (_p: unknown, s: { src: string }) => programs.push(s.src),
    linkProgram: () => calls.push('link'),
    getProgramParameter: () => !programs.some((t) => t.includes('NOLINK')),
    getProgramInfoLog: () => 'varying mismatch',
    deleteProgram: () => undefined,
  };
  return { gl: gl as unknown as WebGLRenderingContext, calls };
}

describe('explainProgramFailure', () => {
  it('throws the driver log of the first program that does not compile, naming it', () => {
    const { gl } = fakeGl();
    expect(() =>
      explainProgramFailure(gl, [
        ['void main(){}', 'void main(){}', 'r (good)'],
        ['void main(){}', 'BAD frag', 'r (bad)'],
      ]),
    ).toThrow(/r \(bad\): fragment shader does not compile:\nERROR: 0:1: 'BAD frag' : syntax error/);
  });

  it('throws the link log of a program that compiles but does not link', () => {
    const { gl } = fakeGl();
    expect(() => explainProgramFailure(gl, [['NOLINK vert', 'f', 'r (dots)']])).toThrow(/r \(dots\): shaders do not link:\nvarying mismatch/);
  });

  it('returns when every program compiles and links (the caller rethrows regl’s error), and checks nothing on a lost context', () => {
    const ok = fakeGl();
    expect(() => explainProgramFailure(ok.gl, [['v', 'f', 'r']])).not.toThrow();
    expect(ok.calls).toEqual(['compile v', 'compile f', 'link']);
    const lost = fakeGl(true);
    expect(() => explainProgramFailure(lost.gl, [['BAD', 'f', 'r']])).not.toThrow();
    expect(lost.calls).toEqual([]);
  });
});

describe('bufferSize', () => {
  it('scales by devicePixelRatio, at least 1 px and at most the largest buffer', () => {
    expect(bufferSize(100.4, 50, 2, 4096)).toEqual({ width: 201, height: 100 });
    expect(bufferSize(0, 10, 1, 4096)).toEqual({ width: 1, height: 10 });
    expect(bufferSize(5000, 10, 1, 4096)).toEqual({ width: 4096, height: 10 });
  });
});
