/** Vite: `x?url` is the URL of a file of the build ('self', CSP-safe). */
declare module '*?url' {
  const url: string;
  export default url;
}
