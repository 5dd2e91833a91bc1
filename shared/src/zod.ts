import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// The contract is the single source of the OpenAPI document: schemas carry their
// component names here so the API does not redeclare them.
extendZodWithOpenApi(z);

export { z };
