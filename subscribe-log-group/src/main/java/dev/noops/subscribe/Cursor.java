package dev.noops.subscribe;

/**
 * Where a backfill resumes: the listing prefix, the token of the page being worked on, and the last
 * group handled on it. Names come back in ASCII order, so resuming "after" a name neither repeats a
 * group nor misses one created meanwhile on that page.
 *
 * @param prefixIndex index into the listing prefixes
 * @param pageToken the token that fetches the current page; null for the first page
 * @param after the last handled group name; null when none on this page
 */
record Cursor(int prefixIndex, String pageToken, String after) {
  static final Cursor START = new Cursor(0, null, null);

  Cursor {
    if (prefixIndex < 0) {
      throw new IllegalArgumentException("prefixIndex < 0: " + prefixIndex);
    }
  }
}
