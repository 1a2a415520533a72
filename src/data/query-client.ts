// The page's one react-query client: a module, so that work started before React renders (the
// boot prefetch of a link's stored first frame, app/boot-prefetch.ts) lands in the same cache the
// views read, and React StrictMode's double mount keeps one client.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
