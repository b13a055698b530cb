// Stand-in for the "server-only" marker package under Vitest: the real one throws on
// import outside a React Server Components bundle, which a plain Node test is not.
export {};
