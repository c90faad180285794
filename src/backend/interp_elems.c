/* The point-in-time rule, in its one place: every aggregate and every each rule walks a list
 * through lc_ielems_next, which hides elements stamped after as_of and applies `within`. */
#include <string.h>

#include "backend/interp_internal.h"

void lc_ielems_init(ielems *it, const lc_record_desc *d, lc_list l, int64_t as_of) {
  it->size = LC_RECORD_SIZE(d->nslots);
  it->nslots = d->nslots;
  it->ts_slot = d->timestamp_slot;
  it->next = l.items;
  it->end = l.items + (size_t)it->size * l.n;
  it->as_of = as_of;
  it->from = INT64_MIN;
  it->windowed = false;
}

void lc_ielems_window(ielems *it, int64_t window_us) {
  if (__builtin_sub_overflow(it->as_of, window_us, &it->from))
    it->from = window_us > 0 ? INT64_MIN : INT64_MAX;
  it->windowed = true;
}

bool lc_ielems_time(const ielems *it, const uint8_t *rec, int64_t *ts) {
  if (it->ts_slot == LC_NO_SLOT || !rec[it->ts_slot]) return false;
  memcpy(ts, rec + LC_SLOT_OFFSET(it->nslots, it->ts_slot), sizeof *ts);
  return true;
}

const uint8_t *lc_ielems_next(ielems *it) {
  while (it->next < it->end) {
    const uint8_t *rec = it->next;
    it->next += it->size;
    int64_t ts;
    bool has_ts = lc_ielems_time(it, rec, &ts);
    if (has_ts && ts > it->as_of) continue;
    if (it->windowed && (!has_ts || ts < it->from)) continue;
    return rec;
  }
  return NULL;
}
