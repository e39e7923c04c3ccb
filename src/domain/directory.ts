import { DomainError } from './errors.js';
import { findSystemReasonCode } from './system-reason-codes.js';
import type { AgentStatus, ReasonCategory, ReasonCode, Team, UserAccount, WrapUpReason } from './model.js';
import { SIGNED_OUT, hasRole } from './model.js';
import type { UserSnapshot } from './events.js';

export type StatusListener = (loginId: string, status: AgentStatus) => void;

/** The configuration as the store has it, for a Directory to take over. */
export interface Configuration {
  teams: readonly Team[];
  users: readonly { account: UserAccount; status: AgentStatus }[];
  reasonCodes: readonly ReasonCode[];
  wrapUpReasons: readonly WrapUpReason[];
}

/**
 * Users, teams and configuration as the process sees them: a cache of the store's configuration, replaced
 * as a whole when it is invalidated (`replaceConfiguration`), and the agent statuses the process keeps.
 * Lookups by loginId are exact; loginName lookups are for the places Finesse allows them (GET User,
 * credentials).
 */
export class Directory {
  private readonly users = new Map<string, UserAccount>();
  private readonly usersByLoginName = new Map<string, UserAccount>();
  private readonly statuses = new Map<string, AgentStatus>();
  private readonly extensionHolders = new Map<string, string>();
  private readonly teams = new Map<string, Team>();
  private readonly reasonCodes = new Map<string, ReasonCode>();
  private readonly wrapUpReasons = new Map<string, WrapUpReason>();
  private readonly statusListeners = new Set<StatusListener>();

  putUser(user: UserAccount, status: AgentStatus = SIGNED_OUT): void {
    const previous = this.users.get(user.loginId);
    if (previous) this.usersByLoginName.delete(previous.loginName);
    this.users.set(user.loginId, user);
    this.usersByLoginName.set(user.loginName, user);
    if (!this.statuses.has(user.loginId)) this.recordStatus(user.loginId, status);
  }

  /**
   * Takes over a fresh read of the configuration: what it no longer names is forgotten, what it names is
   * replaced; statuses of users already known are kept (the process owns them), new users start with theirs.
   */
  replaceConfiguration(configuration: Configuration): void {
    this.teams.clear();
    for (const team of configuration.teams) this.putTeam(team);
    this.replaceReasons(configuration.reasonCodes, configuration.wrapUpReasons);
    const named = new Set(configuration.users.map((u) => u.account.loginId));
    for (const user of [...this.users.values()]) if (!named.has(user.loginId)) this.removeUser(user.loginId);
    for (const { account, status } of configuration.users) this.putUser(account, status);
  }

  /** Forgets a user (deleted or disabled) and his status. */
  removeUser(loginId: string): void {
    const user = this.users.get(loginId);
    if (!user) return;
    this.users.delete(loginId);
    this.usersByLoginName.delete(user.loginName);
    this.recordStatus(loginId, SIGNED_OUT);
    this.statuses.delete(loginId);
  }

  putTeam(team: Team): void {
    this.teams.set(team.id, team);
  }

  removeTeam(id: string): void {
    this.teams.delete(id);
  }

  /** Takes over a fresh read of the reason codes and wrap-up reasons alone (what the configuration APIs change). */
  replaceReasons(reasonCodes: readonly ReasonCode[], wrapUpReasons: readonly WrapUpReason[]): void {
    this.reasonCodes.clear();
    for (const rc of reasonCodes) this.putReasonCode(rc);
    this.wrapUpReasons.clear();
    for (const w of wrapUpReasons) this.putWrapUpReason(w);
  }

  putReasonCode(reasonCode: ReasonCode): void {
    this.reasonCodes.set(reasonCode.id, reasonCode);
  }

  removeReasonCode(id: string): void {
    this.reasonCodes.delete(id);
  }

  putWrapUpReason(reason: WrapUpReason): void {
    this.wrapUpReasons.set(reason.id, reason);
  }

  removeWrapUpReason(id: string): void {
    this.wrapUpReasons.delete(id);
  }

  /** Every configured reason code (system codes are not configured), by id. */
  allReasonCodes(): ReasonCode[] {
    return [...this.reasonCodes.values()].sort(byNumericId);
  }

  /** A configured reason code, whoever it is for. */
  findReasonCode(id: string): ReasonCode | undefined {
    return this.reasonCodes.get(id);
  }

  /** Every wrap-up reason, by id. */
  allWrapUpReasons(): WrapUpReason[] {
    return [...this.wrapUpReasons.values()].sort(byNumericId);
  }

  findWrapUpReason(id: string): WrapUpReason | undefined {
    return this.wrapUpReasons.get(id);
  }

  setStatus(loginId: string, status: AgentStatus): void {
    if (!this.users.has(loginId)) throw new Error(`no user ${loginId}`);
    this.recordStatus(loginId, status);
  }

  /** Calls `listener` synchronously after every status change, before anything is published about it. */
  onStatusChange(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The loginId of the signed-in user holding `extension`, if any. */
  holderOfExtension(extension: string): string | undefined {
    return this.extensionHolders.get(extension);
  }

  private recordStatus(loginId: string, status: AgentStatus): void {
    const previous = this.statuses.get(loginId)?.extension ?? null;
    if (previous !== null && previous !== status.extension && this.extensionHolders.get(previous) === loginId) {
      this.extensionHolders.delete(previous);
    }
    if (status.extension !== null) this.extensionHolders.set(status.extension, loginId);
    this.statuses.set(loginId, status);
    for (const listener of this.statusListeners) listener(loginId, status);
  }

  /** By loginId first, then by loginName. */
  findUser(id: string): UserAccount | undefined {
    return this.users.get(id) ?? this.usersByLoginName.get(id);
  }

  findUserByLoginId(loginId: string): UserAccount | undefined {
    return this.users.get(loginId);
  }

  /** Case-insensitive lookup, for protocols (XMPP) whose identifiers fold case. */
  findUserIgnoringCase(id: string): UserAccount | undefined {
    const exact = this.findUser(id);
    if (exact) return exact;
    const lower = id.toLowerCase();
    for (const user of this.users.values()) {
      if (user.loginId.toLowerCase() === lower) return user;
    }
    return undefined;
  }

  requireUser(id: string): UserAccount {
    const user = this.findUser(id);
    if (!user) throw new DomainError('UserNotFound', 'UNKNOWN_USER', id);
    return user;
  }

  allUsers(): UserAccount[] {
    return [...this.users.values()];
  }

  statusOf(loginId: string): AgentStatus {
    return this.statuses.get(loginId) ?? SIGNED_OUT;
  }

  findTeam(id: string): Team | undefined {
    return this.teams.get(id);
  }

  requireTeam(id: string): Team {
    const team = this.teams.get(id);
    if (!team) throw new DomainError('NotFound', 'Invalid team id specified', id);
    return team;
  }

  allTeams(): Team[] {
    return [...this.teams.values()];
  }

  teamMembers(teamId: string): UserAccount[] {
    return [...this.users.values()].filter((u) => u.teamId === teamId && hasRole(u, 'Agent'));
  }

  supervisorsOf(teamId: string): UserAccount[] {
    return [...this.users.values()].filter((u) => u.supervisedTeamIds.includes(teamId));
  }

  /** Whether `supervisor` supervises the team `agent` belongs to. */
  supervises(supervisor: UserAccount, agent: UserAccount): boolean {
    return hasRole(supervisor, 'Supervisor') && agent.teamId !== null && supervisor.supervisedTeamIds.includes(agent.teamId);
  }

  /** Reason codes of a category the user may pick: global ones plus those assigned to his team. */
  reasonCodesFor(user: UserAccount, category: ReasonCategory): ReasonCode[] {
    return [...this.reasonCodes.values()].filter((rc) => rc.category === category && !rc.systemCode && this.availableTo(rc, user)).sort(byNumericId);
  }

  /** A reason code the user may see: configured and available to him, or a system code. */
  findReasonCodeFor(user: UserAccount, id: string): ReasonCode | undefined {
    const configured = this.reasonCodes.get(id);
    if (configured && this.availableTo(configured, user)) return configured;
    return findSystemReasonCode('NOT_READY', id) ?? findSystemReasonCode('LOGOUT', id);
  }

  /** Resolves the reason code attached to a status, including system codes. */
  reasonCodeOf(status: AgentStatus): ReasonCode | null {
    if (status.reasonCodeId === null) return null;
    const category = status.state === 'LOGOUT' ? 'LOGOUT' : 'NOT_READY';
    return this.reasonCodes.get(status.reasonCodeId) ?? findSystemReasonCode(category, status.reasonCodeId) ?? null;
  }

  wrapUpReasonsFor(user: UserAccount): WrapUpReason[] {
    return [...this.wrapUpReasons.values()].filter((w) => this.availableTo(w, user)).sort(byNumericId);
  }

  findWrapUpReasonFor(user: UserAccount, id: string): WrapUpReason | undefined {
    const reason = this.wrapUpReasons.get(id);
    return reason && this.availableTo(reason, user) ? reason : undefined;
  }

  snapshot(user: UserAccount): UserSnapshot {
    const status = this.statusOf(user.loginId);
    return {
      account: user,
      status,
      reasonCode: this.reasonCodeOf(status),
      team: user.teamId === null ? null : (this.teams.get(user.teamId) ?? null),
      supervisedTeams: user.supervisedTeamIds.map((id) => this.teams.get(id)).filter((t): t is Team => t !== undefined),
    };
  }

  private availableTo(item: { forAll: boolean; teamIds: readonly string[] }, user: UserAccount): boolean {
    return item.forAll || (user.teamId !== null && item.teamIds.includes(user.teamId));
  }
}

function byNumericId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
}
