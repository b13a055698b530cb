export * from "./series";
export * from "./trace";
export * from "./broker";
export * from "./source";
