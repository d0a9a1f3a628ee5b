// The window's only way to reach Rust. Every command goes through `call`, which turns whatever the shell
// rejects with into a `LifeboatError` carrying the IPC error shape, so screens branch on `code`, never on text.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { IpcError } from "./generated/IpcError";
import type { ErrorCode } from "./generated/ErrorCode";
import type { AppInfo } from "./generated/AppInfo";

export type { IpcError, ErrorCode, AppInfo };

export class LifeboatError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  constructor(error: IpcError) {
    super(error.message);
    this.name = "LifeboatError";
    this.code = error.code;
    this.detail = error.detail;
  }
}

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

// Every code the shell can send. The two checks below fail the type check when the generated union and this list
// disagree, so a new Rust variant cannot be forgotten here.
const ERROR_CODES = ["invalid_input", "internal"] as const satisfies readonly ErrorCode[];
type Unlisted = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const everyCodeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyCodeListed;

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === "string" &&
    (candidate.detail === undefined || typeof candidate.detail === "string")
  );
}

/** Normalises anything a command may reject with (our shape, a Tauri string error, an exception). */
export function toLifeboatError(raw: unknown): LifeboatError {
  if (raw instanceof LifeboatError) return raw;
  if (isIpcError(raw)) return new LifeboatError(raw);
  const detail = raw instanceof Error ? raw.message : typeof raw === "string" ? raw : JSON.stringify(raw);
  return new LifeboatError({ code: "internal", message: "Lifeboat could not complete this step.", detail });
}

export function createIpc(invoke: Invoke) {
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return (await invoke(cmd, args)) as T;
    } catch (raw) {
      throw toLifeboatError(raw);
    }
  }
  return {
    call,
    appInfo: () => call<AppInfo>("app_info"),
  };
}

export const ipc = createIpc(tauriInvoke);
