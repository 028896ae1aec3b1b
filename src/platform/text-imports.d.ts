// Files imported by src/platform/embedded.ts as text (`with { type: "text" }`), and compressed forms imported by
// src/platform/bun/assets.ts as files (`with { type: "file" }`), whose default export is their path.
declare module "*.sql" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*/dist/woes.js" {
  const text: string;
  export default text;
}
declare module "*/dist/messenger.js" {
  const text: string;
  export default text;
}
declare module "*/dist/console.js" {
  const text: string;
  export default text;
}
declare module "*.br" {
  const path: string;
  export default path;
}
declare module "*.gz" {
  const path: string;
  export default path;
}
