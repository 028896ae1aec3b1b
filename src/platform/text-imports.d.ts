// Files imported as text by src/platform/embedded.ts (`with { type: "text" }`).
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
