/* round(x, digits), half away from zero, decided on the exact binary value of x.
 *
 * The decimal result r = n / 10^d is wanted as the double nearest to it, where n is x * 10^d
 * rounded half away from zero, computed exactly. `round(x*100)/100` fails because x*100 is itself
 * rounded: 0.015*100 is exactly 1.5 in doubles though 0.015 is 0.01499999999999999944…
 *
 * d > 0: x * 10^d is formed exactly as hi + lo with Dekker's two-product (Veltkamp splitting; no
 * FMA, which the build forbids anyway). The fraction of hi is exact, and the sign of
 * (frac - 0.5) + lo is the sign of the exact sum because IEEE addition never rounds across
 * zero, so ties and near-ties are decided exactly. n then fits in 53 bits and n / 10^d is one
 * correctly rounded division. Once |x| * 10^d ≥ 2^53 the spacing of doubles near x exceeds
 * 10^-d, so x is already the nearest double to any rounding of itself and is returned.
 *
 * d = 0 is libm's round(), which is exact. d < 0: the result is a multiple of q = 10^-d, found
 * from the integer remainder of trunc(|x|) modulo q (the fraction cannot matter because q is
 * even and remainders are integers); for |x|
 * beyond 2^53 the remainder of mantissa * 2^exponent is built by modular doubling. The result
 * is one correctly rounded addition of the exact integer offset to x.
 *
 * A result that rounds to zero is +0.0 whatever the sign of x, so outputs never show "-0".
 * NaN and infinities are returned unchanged. */
#include <math.h>

#include "leadc/runtime.h"

#define TWO53 9007199254740992.0

static const double pow10_tab[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* Veltkamp split of a into hi + lo with 26-bit halves, so their products are exact. */
static void split(double a, double *hi, double *lo) {
  double c = 134217729.0 * a;     /* 2^27 + 1 */
  *hi = c - (c - a);
  *lo = a - *hi;
}

/* |x| >= 0 times p = 10^d (d in 1..15), rounded half away from zero, divided by p. */
static double round_frac_digits(double ax, double p) {
  double hi = ax * p;
  if (!(hi < TWO53)) return ax;           /* also NaN and infinity */
  if (hi < 0.25) return 0.0;              /* keeps the split far from subnormals */
  double xh, xl, ph, pl;
  split(ax, &xh, &xl);
  split(p, &ph, &pl);
  double lo = ((xh * ph - hi) + xh * pl + xl * ph) + xl * pl;
  double n = floor(hi);
  double frac = hi - n;
  if ((frac - 0.5) + lo >= 0) n += 1;
  return n / p;
}

/* |x| >= 0 rounded to a multiple of q = 10^k (k in 1..15), half away from zero. */
static double round_int_digits(double ax, int64_t q) {
  if (!isfinite(ax)) return ax;
  int64_t rem;
  double base;
  if (ax < TWO53) {
    base = trunc(ax);
    rem = (int64_t)base % q;
  } else {
    int e;
    double m = frexp(ax, &e);               /* ax = m * 2^e, m in [0.5, 1) */
    int64_t r = (int64_t)ldexp(m, 53) % q;  /* ax = M * 2^(e-53), M < 2^53 */
    for (int i = 0; i < e - 53; i++) r = (r * 2) % q;
    base = ax;
    rem = r;
  }
  int64_t offset = 2 * rem >= q ? q - rem : -rem;
  return base + (double)offset;
}

static double round_signed(double x, int d) {
  double ax = fabs(x);
  double r = d > 0    ? round_frac_digits(ax, pow10_tab[d])
             : d == 0 ? round(ax)
                      : round_int_digits(ax, (int64_t)pow10_tab[-d]);
  if (r == 0) return 0.0;
  return signbit(x) ? -r : r;
}

double lc_rt_round2(double x) { return round_signed(x, 2); }

/* Digit counts are truncated to integers and clamped to [-15, 15]: beyond that, doubles do not
 * carry meaningful decimal digits, and 10^15 keeps every intermediate exact in int64. */
double lc_rt_round_digits(double x, double digits) {
  if (isnan(digits)) return digits;
  double d = trunc(digits);
  if (d > 15) d = 15;
  if (d < -15) d = -15;
  return round_signed(x, (int)d);
}
