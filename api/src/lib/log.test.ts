import { describe, expect, it } from "vitest";
import { describeError } from "./log";

describe("describeError", () => {
  it("keeps a failed query's parameters out of the log", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: "23505",
    });
    const error = new Error(
      "Failed query: insert into users values ($1, $2)\nparams: alex@example.com,$argon2id$v=19$secret",
      {
        cause,
      },
    );
    error.name = "DrizzleQueryError";
    const logged = JSON.stringify(describeError(error));
    expect(logged).toContain("23505");
    expect(logged).not.toContain("alex@example.com");
    expect(logged).not.toContain("argon2id");
  });
});
