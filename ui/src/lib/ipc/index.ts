// The window's only way to reach Rust. Every command goes through `call`, which turns whatever the shell
// rejects with into a `LifeboatError` carrying the IPC error shape, so screens branch on `code`, never on text.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { IpcError } from "./generated/IpcError";
import type { ErrorCode } from "./generated/ErrorCode";
import type { AppInfo } from "./generated/AppInfo";
import type { SessionInfo } from "./generated/SessionInfo";
import type { BookView } from "./generated/BookView";
import type { AccountRow } from "./generated/AccountRow";
import type { AccountForm } from "./generated/AccountForm";
import type { AccountId } from "./generated/AccountId";
import type { Situation } from "./generated/Situation";
import type { ResultsView } from "./generated/ResultsView";
import type { ReadinessQuestions } from "./generated/ReadinessQuestions";
import type { AccountResult } from "./generated/AccountResult";
import type { DeviceRow } from "./generated/DeviceRow";
import type { TicketDraft } from "./generated/TicketDraft";
import type { TicketEdit } from "./generated/TicketEdit";
import type { SavedFile } from "./generated/SavedFile";
import type { Verdict } from "./generated/Verdict";
import type { Lang } from "./generated/Lang";
import type { ManualMethod } from "./generated/ManualMethod";
import type { PhoneLine } from "./generated/PhoneLine";
import type { ImportOutcome } from "./generated/ImportOutcome";
import type { BookRecovery } from "./generated/BookRecovery";
import type { CheckProgress } from "./generated/CheckProgress";
import type { CheckRow } from "./generated/CheckRow";
import type { Pressed } from "./generated/Pressed";
import type { SettingsView } from "./generated/SettingsView";
import type { Settings } from "./generated/Settings";
import type { Forgotten } from "./generated/Forgotten";
import type { TenantLookup } from "./generated/TenantLookup";
import type { Wording } from "./generated/Wording";
import type { Membership } from "./generated/Membership";
import type { SituationForm } from "./generated/SituationForm";
import type { PersonForm } from "./generated/PersonForm";
import type { LossKind } from "./generated/LossKind";
import type { MoveScreen } from "./generated/MoveScreen";
import type { MoveForm } from "./generated/MoveForm";
import type { MoveStep } from "./generated/MoveStep";
import type { MoveView } from "./generated/MoveView";
import type { AccountMoveView } from "./generated/AccountMoveView";
import type { RecordFormat } from "./generated/RecordFormat";
import type { Troubleshooting } from "./generated/Troubleshooting";
import type { ReregistrationView } from "./generated/ReregistrationView";
import type { ReregisterStep } from "./generated/ReregisterStep";
import type { PracticePass } from "./generated/PracticePass";
import type { DeskView } from "./generated/DeskView";
import type { DeskRow } from "./generated/DeskRow";
import type { VerifyAnswer } from "./generated/VerifyAnswer";
import type { VerifyGap } from "./generated/VerifyGap";
import type { VerificationForm } from "./generated/VerificationForm";
import type { IdentityCheck } from "./generated/IdentityCheck";
import type { ActionRequest } from "./generated/ActionRequest";
import type { ActionPreview } from "./generated/ActionPreview";
import type { ActionResult } from "./generated/ActionResult";
import type { Performed } from "./generated/Performed";
import type { PassShown } from "./generated/PassShown";
import type { PracticeTicket } from "./generated/PracticeTicket";
import type { ReadinessDone } from "./generated/ReadinessDone";
import type { ReadinessSummary } from "./generated/ReadinessSummary";

export type {
  IpcError,
  ErrorCode,
  AppInfo,
  SessionInfo,
  BookView,
  AccountRow,
  AccountForm,
  AccountId,
  Situation,
  SituationForm,
  PersonForm,
  LossKind,
  ResultsView,
  ReadinessQuestions,
  AccountResult,
  DeviceRow,
  TicketDraft,
  TicketEdit,
  SavedFile,
  Verdict,
  Lang,
  ManualMethod,
  PhoneLine,
  ImportOutcome,
  BookRecovery,
  CheckProgress,
  CheckRow,
  Pressed,
  SettingsView,
  Settings,
  Forgotten,
  TenantLookup,
  Wording,
  Membership,
  MoveScreen,
  MoveForm,
  MoveStep,
  MoveView,
  AccountMoveView,
  RecordFormat,
  Troubleshooting,
  ReregistrationView,
  ReregisterStep,
  PracticePass,
  DeskView,
  DeskRow,
  VerifyAnswer,
  VerifyGap,
  VerificationForm,
  IdentityCheck,
  ActionRequest,
  ActionPreview,
  ActionResult,
  Performed,
  PassShown,
  PracticeTicket,
  ReadinessDone,
  ReadinessSummary,
};

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
const ERROR_CODES = [
  "invalid_input",
  "internal",
  "invalid_account",
  "duplicate_account",
  "unknown_account",
  "book_unreadable",
  "file_error",
  "link_refused",
  "check_running",
  "book_busy",
  "no_browser",
  "no_backup",
  "reply_address_needed",
  "ticket_not_lifeboat",
  "ticket_damaged",
  "ticket_newer",
  "ticket_too_large",
  "desk_no_ticket",
  "desk_not_signed_in",
  "desk_sign_in_failed",
  "desk_refused",
  "desk_missing_role",
  "desk_user_not_found",
  "desk_graph_failed",
] as const satisfies readonly ErrorCode[];
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
    sessionInfo: () => call<SessionInfo>("session_info"),
    setPractice: (practice: boolean) => call<SessionInfo>("set_practice", { practice }),
    getBook: (lang: Lang) => call<BookView>("get_book", { lang }),
    addAccount: (form: AccountForm, lang: Lang) => call<BookView>("add_account", { form, lang }),
    updateAccount: (id: AccountId, form: AccountForm, lang: Lang) =>
      call<BookView>("update_account", { id, form, lang }),
    removeAccount: (id: AccountId, lang: Lang) => call<BookView>("remove_account", { id, lang }),
    setSituation: (form: SituationForm, lang: Lang) => call<BookView>("set_situation", { form, lang }),
    setPerson: (form: PersonForm, lang: Lang) => call<BookView>("set_person", { form, lang }),
    importAccounts: (lang: Lang) => call<ImportOutcome | null>("import_accounts", { lang }),
    addPracticeAccounts: (lang: Lang) => call<BookView>("add_practice_accounts", { lang }),
    restoreBookBackup: (lang: Lang) => call<BookRecovery>("restore_book_backup", { lang }),
    setBookAside: (lang: Lang) => call<BookRecovery>("set_book_aside", { lang }),
    recordManualInventory: (id: AccountId, methods: ManualMethod[], lang: Lang) =>
      call<BookView>("record_manual_inventory", { id, methods, lang }),
    getResults: (lang: Lang, readiness: boolean) => call<ResultsView>("get_results", { lang, readiness }),
    getTickets: (lang: Lang | null, defaultLang: Lang) =>
      call<TicketDraft[]>("get_tickets", { lang, defaultLang }),
    saveTicketEml: (edit: TicketEdit) => call<SavedFile | null>("save_ticket_eml", { edit }),
    openTicketInMail: (edit: TicketEdit) => call<boolean>("open_ticket_in_mail", { edit }),
    copyText: (text: string) => call<void>("copy_text", { text }),
    copyTicket: (edit: TicketEdit) => call<void>("copy_ticket", { edit }),
    markTicketSent: (tenantKey: string, sent: boolean) => call<void>("mark_ticket_sent", { tenantKey, sent }),
    openLink: (url: string) => call<void>("open_link", { url }),
    /** `fresh`: every sign-in asks again whatever the browser remembers (the proof of a move or a re-registration). */
    checkStart: (accounts: AccountId[] | null, lang: Lang, fresh = false) =>
      call<void>("check_start", { accounts, lang, fresh }),
    checkProgress: () => call<CheckProgress | null>("check_progress"),
    checkStuck: () => call<Pressed>("check_stuck"),
    checkSkip: () => call<Pressed>("check_skip"),
    checkStop: () => call<Pressed>("check_stop"),
    checkAnswerSecondStep: (confirmed: boolean) => call<Pressed>("check_answer_second_step", { confirmed }),
    checkOpenSignIn: (lang: Lang) => call<Pressed>("check_open_sign_in", { lang }),
    getSettings: () => call<SettingsView>("get_settings"),
    saveSettings: (settings: Settings) => call<SettingsView>("save_settings", { settings }),
    forgetSessions: () => call<Forgotten>("forget_sessions"),
    exportDiagnostics: () => call<SavedFile | null>("export_diagnostics"),
    getMove: (lang: Lang) => call<MoveScreen>("get_move", { lang }),
    startMove: (form: MoveForm, lang: Lang) => call<MoveScreen>("start_move", { form, lang }),
    markMoveStep: (id: AccountId, step: MoveStep, done: boolean, lang: Lang) =>
      call<MoveScreen>("mark_move_step", { id, step, done, lang }),
    markNeverUsedOldPhone: (id: AccountId, neverUsed: boolean, lang: Lang) =>
      call<MoveScreen>("mark_never_used_old_phone", { id, neverUsed, lang }),
    prepareFreshSignIn: (id: AccountId) => call<void>("prepare_fresh_sign_in", { id }),
    confirmFreshSignIn: (id: AccountId, lang: Lang) => call<MoveScreen>("confirm_fresh_sign_in", { id, lang }),
    endMove: (lang: Lang) => call<MoveScreen>("end_move", { lang }),
    setPracticeJourney: (moving: boolean) => call<void>("set_practice_journey", { moving }),
    openSecurityInfo: (id: AccountId, lang: Lang) => call<void>("open_security_info", { id, lang }),
    troubleshootAccount: (id: AccountId, lang: Lang) => call<Troubleshooting>("troubleshoot_account", { id, lang }),
    startReregistration: (id: AccountId, lang: Lang) => call<void>("start_reregistration", { id, lang }),
    markReregistrationStep: (id: AccountId, step: ReregisterStep, done: boolean, lang: Lang) =>
      call<void>("mark_reregistration_step", { id, step, done, lang }),
    confirmReregistration: (id: AccountId, method: string, lang: Lang) =>
      call<void>("confirm_reregistration", { id, method, lang }),
    endReregistration: (id: AccountId, lang: Lang) => call<void>("end_reregistration", { id, lang }),
    practiceItActs: (id: AccountId) => call<PracticePass>("practice_it_acts", { id }),
    savePreventionRecord: (lang: Lang) => call<SavedFile | null>("save_prevention_record", { lang }),
    saveMoveRecord: (format: RecordFormat, lang: Lang) => call<SavedFile | null>("save_move_record", { format, lang }),
    deskOpenFile: (lang: Lang) => call<DeskView | null>("desk_open_file", { lang }),
    deskOpenText: (text: string, lang: Lang) => call<DeskView>("desk_open_text", { text, lang }),
    deskPracticeTickets: () => call<PracticeTicket[]>("desk_practice_tickets"),
    deskOpenPractice: (name: string, lang: Lang) => call<DeskView>("desk_open_practice", { name, lang }),
    deskChooseAccount: (upn: string, lang: Lang) => call<DeskView>("desk_choose_account", { upn, lang }),
    deskView: (lang: Lang) => call<DeskView | null>("desk_view", { lang }),
    deskClose: () => call<void>("desk_close"),
    deskPracticeAdmins: (all: boolean) => call<string[]>("desk_practice_admins", { all }),
    deskSignIn: (admin: string, lang: Lang) => call<DeskView>("desk_sign_in", { admin, lang }),
    deskCancelSignIn: () => call<boolean>("desk_cancel_sign_in"),
    deskVerify: (form: VerificationForm, lang: Lang) => call<VerifyAnswer>("desk_verify", { form, lang }),
    deskPreview: (request: ActionRequest, lang: Lang) => call<ActionPreview[]>("desk_preview", { request, lang }),
    deskPerform: (request: ActionRequest, lang: Lang) => call<Performed>("desk_perform", { request, lang }),
    deskHidePass: () => call<void>("desk_hide_pass"),
    deskCopyPass: () => call<void>("desk_copy_pass"),
    deskNote: () => call<string>("desk_note"),
    deskReadiness: (admin: string, lang: Lang) => call<ReadinessDone | null>("desk_readiness", { admin, lang }),
    discoverTenant: (upn: string, membership: Membership, tenantDomain: string | null) =>
      call<TenantLookup>("discover_tenant", { upn, membership, tenantDomain }),
  };
}

export const ipc = createIpc(tauriInvoke);
