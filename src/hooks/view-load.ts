// What an analysis view's data hook reports: nothing to show (and why), progress, a failure with
// a title, or the data (`Ready`'s fields next to state 'ready').
export type ViewLoad<Ready extends object> =
  | { readonly state: 'empty'; readonly message: string }
  | { readonly state: 'loading'; readonly message: string }
  | { readonly state: 'error'; readonly title: string; readonly message: string }
  | ({ readonly state: 'ready' } & Ready);
