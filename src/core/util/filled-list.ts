// A list filled one item at a time whose length is known beforehand (a run's tallies get one item a case): its
// storage is made once, at that size, where push() grows the list by copying it into a new one half again as
// large. For a million cases each growing list made ~24 MB of large arrays that were garbage at once, three of
// them in a run's summary tally.

export interface FilledList<T> {
  add(item: T): void;
  /** The items added, in order (the list itself: take it once all are added). */
  items(): T[];
}

/** A list with room for `expected` items (more may be added: it then grows as push() does). */
export function filledList<T>(expected: number): FilledList<T> {
  const list: T[] = expected > 0 ? new Array<T>(expected) : [];
  let length = 0;
  return {
    add(item) {
      if (length < list.length) list[length] = item;
      else list.push(item);
      length++;
    },
    items() {
      if (list.length > length) list.length = length;
      return list;
    },
  };
}
