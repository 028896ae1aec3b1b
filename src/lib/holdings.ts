// Amounts held per key (slots, bytes) and in all, for the bounds on what callers hold at once.

/** Holdings counts what is held under each key and in all; a key whose amount drops to zero is forgotten, so the
 *  map holds only keys with something held. */
export class Holdings {
  private byKey = new Map<string, number>();
  private sum = 0;

  /** of is the amount held under key. */
  of(key: string): number {
    return this.byKey.get(key) ?? 0;
  }

  /** total is the amount held under all keys together (each hold counted once). */
  get total(): number {
    return this.sum;
  }

  /** hold adds amount under each of keys (and once to the total) and answers its release, which may be called any
   *  number of times (only the first counts). */
  hold(keys: readonly string[], amount = 1): () => void {
    const each = [...new Set(keys)];
    this.sum += amount;
    for (const key of each) this.byKey.set(key, this.of(key) + amount);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.sum -= amount;
      for (const key of each) {
        const left = this.of(key) - amount;
        if (left > 0) this.byKey.set(key, left);
        else this.byKey.delete(key);
      }
    };
  }
}
