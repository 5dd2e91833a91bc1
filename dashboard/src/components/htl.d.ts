// htl ships no types. Every template here has a single root element, which is what
// html`` returns in that case (several roots would give a DocumentFragment).
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
