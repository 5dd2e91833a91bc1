// File imports: saved column mappings per account and import batches.
// Tables import what they reference from ./core; they are exported through ../schema.
export {};
