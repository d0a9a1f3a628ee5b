import { describe, expect, it } from "vitest";
import { createIpc, LifeboatError, toLifeboatError } from "./index";

describe("IPC error shape", () => {
  it("keeps code, message and detail from the shell", async () => {
    const ipc = createIpc(async () => {
      throw { code: "invalid_input", message: "Unknown account.", detail: "id 7" };
    });
    const error = await ipc.call("anything").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifeboatError);
    expect(error).toMatchObject({ code: "invalid_input", message: "Unknown account.", detail: "id 7" });
  });

  it("wraps a plain string rejection as internal, keeping the text as detail", () => {
    const error = toLifeboatError("command app_info not found");
    expect(error.code).toBe("internal");
    expect(error.detail).toBe("command app_info not found");
  });

  it("does not trust an object with an unknown code", () => {
    const error = toLifeboatError({ code: "drop_tables", message: "x" });
    expect(error.code).toBe("internal");
  });

  it("passes results through", async () => {
    const ipc = createIpc(async (cmd) => ({ cmd }));
    await expect(ipc.call("app_info")).resolves.toEqual({ cmd: "app_info" });
  });
});
