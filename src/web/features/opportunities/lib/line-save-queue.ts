import { rebaseValues } from '../../../lib/version-conflict.ts';

/** One line of the grid as typed: text as the fields hold it, plus the saved line's id and version. */
export type LineDraft = {
  /** Stays the same for the life of the row, also once a new line is saved, so its fields keep focus. */
  key: string;
  id: number | null;
  version: number;
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  amount: string;
  decisionDate: string;
  outcome: 'open' | 'won' | 'lost';
};

type LineContent = Omit<LineDraft, 'key' | 'id' | 'version'>;

function contentOf(draft: LineDraft): LineContent {
  const { key: _key, id: _id, version: _version, ...content } = draft;
  return content;
}

/** What the grid does with the server; the queue decides when. */
export type LineSaveHooks = {
  /** The request body a draft makes: two drafts with the same body need no save between them. */
  bodyOf: (draft: LineDraft) => unknown;
  /** Whether the draft may be sent as it is (a new line needs a product or a description, money must parse). */
  canSend: (draft: LineDraft) => boolean;
  /** Adds the line (POST); answers the saved line as a draft. */
  create: (draft: LineDraft) => Promise<LineDraft>;
  /** Changes the line (PATCH with the draft's version); answers the saved line as a draft. */
  update: (draft: LineDraft) => Promise<LineDraft>;
  remove: (draft: LineDraft) => Promise<void>;
  onSaved: (key: string) => void;
  /** Tells of a save that did not go through, and what kind of failure it was. */
  onSaveFailed: (key: string, error: unknown) => SaveFailure;
  onRemoved: (key: string) => void;
  onRemoveFailed: (key: string, error: unknown) => void;
};

/**
 * Why a save did not go through: someone else saved the line first (here is theirs), the server
 * refused what was sent (sending it again would be refused again), or the server was not reached.
 */
export type SaveFailure = { kind: 'conflict'; current: LineDraft } | { kind: 'refused' } | { kind: 'failed' };

type LineEntry = {
  draft: LineDraft;
  /** The line as the server last answered it; null until a new line is first saved. */
  saved: LineDraft | null;
  /** A request for the line is waiting its turn or in flight: at most one at a time. */
  isBusy: boolean;
  /** A field was left while the line was busy: save again once the answer is in. */
  isWanted: boolean;
  isRemoved: boolean;
  /** The body the server last refused as invalid: it is not sent again until the line changes. */
  refusedBody: string | null;
  /** The server's list has shown the line (so a saved new line missing from it was deleted). */
  isListed: boolean;
};

/**
 * The lines of the line item grid (SPEC §8) and their saves: each line is saved as soon as one of
 * its fields is left, so nothing typed is lost when the page is closed. Per line at most one request is in flight; what is typed meanwhile stays in the draft,
 * and when the answer comes the server's line (id, version, the values as it stored them) goes
 * under the fields changed since the request was sent, then the line is saved again if a field
 * was left and the draft still differs from what the server has. New lines are added one after
 * another, in the order they were made, so their positions follow the grid.
 */
export class LineSaveQueue {
  private readonly entries = new Map<string, LineEntry>();
  /** Keys of the lines added here, in the order they were added: they stay below the server's lines. */
  private readonly addedKeys: string[] = [];
  /** The row key of each line added here, by the id the server gave it. */
  private readonly keysById = new Map<number, string>();
  private creations: Promise<unknown> = Promise.resolve();
  private lastServerLines: readonly LineDraft[] | null = null;

  constructor(
    private readonly hooks: () => LineSaveHooks,
    private readonly onChange: () => void,
  ) {}

  private keyOf(draft: LineDraft): string {
    return (draft.id !== null && this.keysById.get(draft.id)) || draft.key;
  }

  /**
   * Takes in the server's lines: a line nobody is editing here shows the newest version; a line
   * with changes not yet saved keeps them (its next save meets the newer version as a conflict).
   */
  syncServer(serverLines: readonly LineDraft[]): void {
    if (serverLines === this.lastServerLines) return;
    this.lastServerLines = serverLines;
    for (const line of serverLines) {
      const key = this.keyOf(line);
      const server = { ...line, key };
      const entry = this.entries.get(key);
      if (!entry) {
        this.entries.set(key, {
          draft: server,
          saved: server,
          isBusy: false,
          isWanted: false,
          isRemoved: false,
          refusedBody: null,
          isListed: true,
        });
        continue;
      }
      entry.isListed = true;
      const isNewer = entry.saved === null || line.version > entry.saved.version;
      if (isNewer && !entry.isBusy && !entry.isRemoved && !this.isDirty(entry)) {
        entry.draft = server;
        entry.saved = server;
      }
    }
  }

  /** The rows to show, in order: the server's lines, then the lines added here (saved or not). */
  rows(): LineDraft[] {
    const serverLines = this.lastServerLines ?? [];
    const listedIds = new Set(serverLines.map((line) => line.id));
    const added = new Set(this.addedKeys);
    const shown = (key: string) => {
      const entry = this.entries.get(key);
      return entry && !entry.isRemoved ? entry.draft : null;
    };
    const fromServer = serverLines
      .map((line) => this.keyOf(line))
      .filter((key) => !added.has(key))
      .map(shown);
    const addedHere = this.addedKeys.map((key) => {
      const entry = this.entries.get(key);
      // A saved new line the server listed once and lists no more was deleted by someone else.
      if (entry?.draft.id != null && !listedIds.has(entry.draft.id) && entry.isListed) return null;
      return shown(key);
    });
    return [...fromServer, ...addedHere].filter((draft): draft is LineDraft => draft !== null);
  }

  draftOf(key: string): LineDraft | undefined {
    return this.entries.get(key)?.draft;
  }

  add(drafts: LineDraft[]): void {
    for (const draft of drafts) {
      this.entries.set(draft.key, {
        draft,
        saved: null,
        isBusy: false,
        isWanted: false,
        isRemoved: false,
        refusedBody: null,
        isListed: false,
      });
      this.addedKeys.push(draft.key);
    }
    this.onChange();
  }

  /** Changes a line as typed; `change` gets the newest draft, never one a render closed over. */
  edit(key: string, change: (draft: LineDraft) => LineDraft): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.draft = { ...change(entry.draft), key, id: entry.draft.id, version: entry.draft.version };
    this.onChange();
  }

  /** Drops the new lines nothing was typed into yet (rows pasted from a spreadsheet take their place). */
  dropBlankNewLines(): void {
    for (const key of this.addedKeys) {
      const entry = this.entries.get(key);
      if (entry && entry.saved === null && !entry.isBusy && !this.isDirty(entry)) entry.isRemoved = true;
    }
    this.onChange();
  }

  /** A field of the line was left: save what it holds, now or once the request in flight is answered. */
  save(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.isRemoved) return;
    if (entry.isBusy) {
      entry.isWanted = true;
      return;
    }
    if (!this.isDirty(entry) || !this.hooks().canSend(entry.draft)) return;
    if (entry.refusedBody !== null && entry.refusedBody === this.bodyText(entry.draft)) return;
    entry.isBusy = true;
    this.onChange();
    if (entry.saved === null) {
      this.creations = this.creations.then(() => this.send(entry));
    } else void this.send(entry);
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.isRemoved) return;
    entry.isRemoved = true;
    entry.isWanted = false;
    this.onChange();
    if (!entry.isBusy) void this.removeNow(key, entry);
  }

  /** Whether something typed is not saved yet or a save is under way (leaving the page would lose it). */
  hasUnsaved(): boolean {
    for (const entry of this.entries.values())
      if (!entry.isRemoved && (entry.isBusy || this.isDirty(entry))) return true;
    return false;
  }

  isSaving(): boolean {
    for (const entry of this.entries.values()) if (entry.isBusy) return true;
    return false;
  }

  private isDirty(entry: LineEntry): boolean {
    const { draft, saved } = entry;
    // A new line holds something once a product, a description or money is typed into it, even if
    // it cannot be sent yet (no product or description): leaving the page then asks first.
    if (saved === null)
      return (
        draft.productId !== null ||
        [draft.description, draft.unitPrice, draft.amount].some((value) => value.trim() !== '')
      );
    return this.bodyText(draft) !== this.bodyText(saved);
  }

  private bodyText(draft: LineDraft): string {
    return JSON.stringify(this.hooks().bodyOf(draft));
  }

  private async send(entry: LineEntry): Promise<void> {
    const key = entry.draft.key;
    const hooks = this.hooks();
    // What the line holds now: a new line waiting its turn sends what was typed while it waited.
    const sent = entry.draft;
    if (entry.isRemoved || !hooks.canSend(sent)) {
      entry.isBusy = false;
      entry.isWanted = false;
      this.onChange();
      return;
    }
    try {
      const answer = { ...(sent.id === null ? await hooks.create(sent) : await hooks.update(sent)), key };
      if (sent.id === null && answer.id !== null) this.keysById.set(answer.id, key);
      entry.saved = answer;
      entry.refusedBody = null;
      // The server's line under what was typed after the request went.
      entry.draft = {
        ...rebaseValues(contentOf(entry.draft), contentOf(sent), contentOf(answer)),
        key,
        id: answer.id,
        version: answer.version,
      };
      hooks.onSaved(key);
    } catch (error) {
      const failure = hooks.onSaveFailed(key, error);
      if (failure.kind === 'refused') entry.refusedBody = this.bodyText(sent);
      if (failure.kind === 'conflict' && entry.saved) {
        // Someone else saved first: what was typed here stays, on their version, and is saved
        // when a field is next left; nothing is sent on top of their change unasked.
        const current = { ...failure.current, key };
        entry.draft = {
          ...rebaseValues(contentOf(entry.draft), contentOf(entry.saved), contentOf(current)),
          key,
          id: current.id,
          version: current.version,
        };
        entry.saved = current;
      }
      entry.isWanted = false;
    }
    entry.isBusy = false;
    if (entry.isRemoved) await this.removeNow(key, entry);
    else if (entry.isWanted) {
      entry.isWanted = false;
      this.save(key);
    }
    this.onChange();
  }

  private async removeNow(key: string, entry: LineEntry): Promise<void> {
    if (entry.draft.id === null) return;
    entry.isBusy = true;
    try {
      await this.hooks().remove(entry.draft);
      this.hooks().onRemoved(key);
    } catch (error) {
      entry.isRemoved = false;
      this.hooks().onRemoveFailed(key, error);
    }
    entry.isBusy = false;
    this.onChange();
  }
}
