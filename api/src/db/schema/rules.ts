// Categorisation rules and the suggestions learnt from members' edits.
// Tables import what they reference from ./core; they are exported through ../schema.
export {};
