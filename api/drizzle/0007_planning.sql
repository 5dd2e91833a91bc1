-- planning: filled in by its area's change; statements separated by --> statement-breakpoint
SELECT 1;
