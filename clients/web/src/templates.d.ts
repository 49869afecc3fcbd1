// Scenario templates are bundled as text (build.mjs's loader for .textproto).
declare module "*.textproto" {
  const text: string;
  export default text;
}
