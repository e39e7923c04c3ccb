/** `{A: 'A', B: 'B'}` for constant tables such as `User.States` and `Dialog.Actions`. */
export function constantNames<const T extends string>(...list: T[]): { readonly [K in T]: K } {
  return Object.fromEntries(list.map((n) => [n, n])) as { [K in T]: K };
}
