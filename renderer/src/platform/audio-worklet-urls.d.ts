/** Vite bundles `x.ts?worker&url` as its own file of the build and gives its URL ('self', CSP-safe). */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
