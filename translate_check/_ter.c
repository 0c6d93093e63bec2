/* Tercom-compatible translation edit rate: sacrebleu's algorithm (lib_ter.py), compiled.
 *
 * sacrebleu's TER spends almost all of its time in the beam edit distance
 * and in the search for the best word shift, one Python object per matrix
 * cell. This is the same algorithm over integer word ids with the same
 * limits, the same beam, the same tie-breaking of edit operations and the
 * same ranking of shifts, so the edit counts are identical; only the
 * representation differs. sacrebleu's trie of cached matrix rows becomes one
 * stored matrix for the current hypothesis: a shifted candidate reuses its
 * rows up to the first word that differs (a row depends only on the words
 * before it), and only the rows after that are computed again.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHIFT_SIZE 10
#define MAX_SHIFT_DIST 50
#define BEAM_WIDTH 25
#define MAX_SHIFT_CANDIDATES 1000
#define INF 10000000000000000LL /* sacrebleu's int(1e16) */

enum { OP_NOP, OP_SUB, OP_INS, OP_DEL, OP_UNDEF };

/* The beam window of every row, the same for every hypothesis of one length. */
typedef struct {
    Py_ssize_t nh, nr;
    const long *ref;
    Py_ssize_t *lo, *hi, *off; /* row i holds columns [lo, hi) at cells[off] */
    Py_ssize_t cells;
} Layout;

static int layout_init(Layout *L, Py_ssize_t nh, const long *ref, Py_ssize_t nr)
{
    L->nh = nh;
    L->nr = nr;
    L->ref = ref;
    L->lo = PyMem_Malloc(3 * (size_t)(nh + 1) * sizeof(Py_ssize_t));
    if (L->lo == NULL)
        return -1;
    L->hi = L->lo + nh + 1;
    L->off = L->hi + nh + 1;
    double ratio = nh ? (double)nr / (double)nh : 1.0;
    Py_ssize_t beam = BEAM_WIDTH;
    if (BEAM_WIDTH < ratio / 2)
        beam = (Py_ssize_t)ceil(ratio / 2 + BEAM_WIDTH);
    L->lo[0] = 0;
    L->hi[0] = nr + 1;
    L->off[0] = 0;
    Py_ssize_t cells = nr + 1;
    for (Py_ssize_t i = 1; i <= nh; i++) {
        Py_ssize_t diag = (Py_ssize_t)floor((double)i * ratio);
        Py_ssize_t lo = diag - beam > 0 ? diag - beam : 0;
        Py_ssize_t hi = diag + beam < nr + 1 ? diag + beam : nr + 1;
        if (i == nh)
            hi = nr + 1;
        if (hi < lo)
            hi = lo;
        L->lo[i] = lo;
        L->hi[i] = hi;
        L->off[i] = cells;
        cells += hi - lo;
    }
    L->cells = cells;
    return 0;
}

static inline long long cell(const Layout *L, const long long *cost, Py_ssize_t i, Py_ssize_t j)
{
    if (j < L->lo[i] || j >= L->hi[i])
        return INF; /* outside the beam: never computed */
    return cost[L->off[i] + j - L->lo[i]];
}

/* Rows after `from` of the matrix of `hyp`; rows up to `from` are read from
 * `src` (the matrix of a hypothesis with the same first `from` words). */
static void fill_rows(const Layout *L, const long *hyp, Py_ssize_t from, const long long *src,
                      long long *cost, unsigned char *ops)
{
    for (Py_ssize_t i = from + 1; i <= L->nh; i++) {
        const long long *prev = i - 1 <= from ? src : cost;
        long word = hyp[i - 1];
        Py_ssize_t lo = L->lo[i];
        long long *row = cost + L->off[i];
        unsigned char *row_ops = ops + L->off[i];
        for (Py_ssize_t j = lo; j < L->hi[i]; j++) {
            if (j == 0) {
                row[0] = cell(L, prev, i - 1, 0) + 1; /* lo is 0 here */
                row_ops[0] = OP_DEL;
                continue;
            }
            /* Same preference as sacrebleu: no-op/substitution, deletion, insertion. */
            int same = word == L->ref[j - 1];
            long long best = INF, c;
            unsigned char op = OP_UNDEF;
            c = cell(L, prev, i - 1, j - 1) + (same ? 0 : 1);
            if (best > c) {
                best = c;
                op = same ? OP_NOP : OP_SUB;
            }
            c = cell(L, prev, i - 1, j) + 1;
            if (best > c) {
                best = c;
                op = OP_DEL;
            }
            c = (j - 1 >= lo ? row[j - 1 - lo] : INF) + 1;
            if (best > c) {
                best = c;
                op = OP_INS;
            }
            row[j - lo] = best;
            row_ops[j - lo] = op;
        }
    }
}

static void init_first_row(const Layout *L, long long *cost, unsigned char *ops)
{
    for (Py_ssize_t j = 0; j <= L->nr; j++) {
        cost[j] = j;
        ops[j] = OP_INS;
    }
}

/* Alignment of the flipped trace, as sacrebleu's trace_to_alignment:
 * align[r] is the hypothesis position of reference word r (-1 before the first). */
static int alignment(const Layout *L, const unsigned char *ops, Py_ssize_t *align,
                     char *ref_err, char *hyp_err, unsigned char *trace)
{
    Py_ssize_t i = L->nh, j = L->nr, n = 0;
    while (i > 0 || j > 0) {
        unsigned char op = OP_UNDEF;
        if (j >= L->lo[i] && j < L->hi[i])
            op = ops[L->off[i] + j - L->lo[i]];
        trace[n++] = op;
        if (op == OP_SUB || op == OP_NOP) {
            i--;
            j--;
        } else if (op == OP_INS) {
            j--;
        } else if (op == OP_DEL) {
            i--;
        } else {
            PyErr_SetString(PyExc_RuntimeError, "TER: edit trace left the beam");
            return -1;
        }
    }
    Py_ssize_t pos_h = -1, pos_r = -1;
    while (n > 0) {
        unsigned char op = trace[--n];
        if (op == OP_NOP || op == OP_SUB) {
            char err = op == OP_SUB;
            align[++pos_r] = ++pos_h;
            hyp_err[pos_h] = err;
            ref_err[pos_r] = err;
        } else if (op == OP_DEL) { /* flipped: an insertion into the hypothesis */
            hyp_err[++pos_h] = 1;
        } else { /* flipped: a deletion from the reference */
            align[++pos_r] = pos_h;
            ref_err[pos_r] = 1;
        }
    }
    return 0;
}

static Py_ssize_t copy_span(long *out, Py_ssize_t k, const long *w, Py_ssize_t n, Py_ssize_t a,
                            Py_ssize_t b)
{
    /* w[a:b] with Python's clipping */
    if (a > n)
        a = n;
    if (b > n)
        b = n;
    if (b > a) {
        memcpy(out + k, w + a, (size_t)(b - a) * sizeof(long));
        k += b - a;
    }
    return k;
}

/* sacrebleu's _perform_shift: words[start:start+length] moved before `target`. */
static void perform_shift(long *out, const long *w, Py_ssize_t n, Py_ssize_t start,
                          Py_ssize_t length, Py_ssize_t target)
{
    Py_ssize_t k = 0;
    if (target < start) {
        k = copy_span(out, k, w, n, 0, target);
        k = copy_span(out, k, w, n, start, start + length);
        k = copy_span(out, k, w, n, target, start);
        k = copy_span(out, k, w, n, start + length, n);
    } else if (target > start + length) {
        k = copy_span(out, k, w, n, 0, start);
        k = copy_span(out, k, w, n, start + length, target);
        k = copy_span(out, k, w, n, start, start + length);
        k = copy_span(out, k, w, n, target, n);
    } else {
        k = copy_span(out, k, w, n, 0, start);
        k = copy_span(out, k, w, n, start + length, length + target);
        k = copy_span(out, k, w, n, start, start + length);
        k = copy_span(out, k, w, n, length + target, n);
    }
    (void)k;
}

static Py_ssize_t first_difference(const long *a, const long *b, Py_ssize_t n)
{
    Py_ssize_t p = 0;
    while (p < n && a[p] == b[p])
        p++;
    return p;
}

static long long edit_rate(const long *hyp_in, Py_ssize_t nh, const long *ref, Py_ssize_t nr)
{
    if (nr == 0)
        return nh;
    Layout L;
    if (layout_init(&L, nh, ref, nr) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    long long result = -1;
    long long *cost = PyMem_Malloc(2 * (size_t)L.cells * sizeof(long long));
    unsigned char *ops = PyMem_Malloc(2 * (size_t)L.cells);
    long *words = PyMem_Malloc(3 * (size_t)(nh + 1) * sizeof(long));
    Py_ssize_t *align = PyMem_Malloc((size_t)nr * sizeof(Py_ssize_t));
    char *errs = PyMem_Malloc((size_t)(nr + nh + 1));
    unsigned char *trace = PyMem_Malloc((size_t)(nr + nh + 1));
    if (!cost || !ops || !words || !align || !errs || !trace) {
        PyErr_NoMemory();
        goto done;
    }
    long long *scratch = cost + L.cells;
    unsigned char *scratch_ops = ops + L.cells;
    long *current = words, *candidate = words + nh + 1, *best_words = words + 2 * (nh + 1);
    char *ref_err = errs, *hyp_err = errs + nr;
    memcpy(current, hyp_in, (size_t)nh * sizeof(long));
    init_first_row(&L, cost, ops);
    fill_rows(&L, current, 0, cost, cost, ops);

    long long shifts = 0;
    long checked = 0;
    for (;;) {
        /* sacrebleu's _shift: the best shift of `current`, if any improves it */
        long long pre_score = cell(&L, cost, nh, nr);
        if (alignment(&L, ops, align, ref_err, hyp_err, trace) < 0)
            goto done;
        int found = 0;
        long long best_delta = 0;
        Py_ssize_t best_len = 0, best_start = 0, best_idx = 0;
        int stop = 0;
        for (Py_ssize_t sh = 0; sh < nh && !stop; sh++) {
            for (Py_ssize_t sr = 0; sr < nr && !stop; sr++) {
                if (labs((long)(sr - sh)) > MAX_SHIFT_DIST)
                    continue;
                Py_ssize_t len = 0;
                while (len < MAX_SHIFT_SIZE && current[sh + len] == ref[sr + len]) {
                    len++;
                    int hyp_wrong = 0, ref_wrong = 0;
                    for (Py_ssize_t k = sh; k < sh + len; k++)
                        hyp_wrong |= hyp_err[k];
                    for (Py_ssize_t k = sr; k < sr + len; k++)
                        ref_wrong |= ref_err[k];
                    int inside = sh <= align[sr] && align[sr] < sh + len;
                    if (hyp_wrong && ref_wrong && !inside) {
                        Py_ssize_t prev_idx = -1;
                        for (Py_ssize_t offset = -1; offset < len; offset++) {
                            Py_ssize_t r = sr + offset, idx;
                            if (r == -1)
                                idx = 0; /* insert before the beginning */
                            else if (r < nr)
                                idx = align[r] + 1;
                            else
                                break;
                            if (idx == prev_idx)
                                continue;
                            prev_idx = idx;
                            perform_shift(candidate, current, nh, sh, len, idx);
                            Py_ssize_t p = first_difference(candidate, current, nh);
                            long long score = pre_score;
                            if (p < nh) {
                                fill_rows(&L, candidate, p, cost, scratch, scratch_ops);
                                score = scratch[L.off[nh] + nr - L.lo[nh]];
                            }
                            long long delta = pre_score - score;
                            checked++;
                            /* Tercom's ranking: largest gain, longest, earliest start,
                             * earliest target; the first of equals is kept. */
                            int better = !found || delta > best_delta ||
                                         (delta == best_delta &&
                                          (len > best_len ||
                                           (len == best_len &&
                                            (sh < best_start ||
                                             (sh == best_start && idx < best_idx)))));
                            if (better) {
                                found = 1;
                                best_delta = delta;
                                best_len = len;
                                best_start = sh;
                                best_idx = idx;
                                memcpy(best_words, candidate, (size_t)nh * sizeof(long));
                            }
                        }
                        if (checked >= MAX_SHIFT_CANDIDATES)
                            stop = 1;
                    }
                    if (stop || nh == sh + len || nr == sr + len)
                        break;
                }
            }
        }
        if (checked >= MAX_SHIFT_CANDIDATES || !found || best_delta <= 0) {
            result = shifts + pre_score;
            break;
        }
        shifts++;
        Py_ssize_t p = first_difference(best_words, current, nh);
        memcpy(current, best_words, (size_t)nh * sizeof(long));
        fill_rows(&L, current, p, cost, cost, ops);
    }
done:
    PyMem_Free(trace);
    PyMem_Free(errs);
    PyMem_Free(align);
    PyMem_Free(words);
    PyMem_Free(ops);
    PyMem_Free(cost);
    PyMem_Free(L.lo);
    return result;
}

static long *as_ids(PyObject *seq, Py_ssize_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "word ids must be a sequence of ints");
    if (fast == NULL)
        return NULL;
    *n = PySequence_Fast_GET_SIZE(fast);
    long *ids = PyMem_Malloc((size_t)(*n + 1) * sizeof(long));
    if (ids == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t k = 0; k < *n; k++) {
        ids[k] = PyLong_AsLong(items[k]);
        if (ids[k] == -1 && PyErr_Occurred()) {
            PyMem_Free(ids);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    return ids;
}

static PyObject *py_edits(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *hyp_obj, *ref_obj;
    if (!PyArg_ParseTuple(args, "OO:edits", &hyp_obj, &ref_obj))
        return NULL;
    Py_ssize_t nh, nr;
    long *hyp = as_ids(hyp_obj, &nh);
    if (hyp == NULL)
        return NULL;
    long *ref = as_ids(ref_obj, &nr);
    if (ref == NULL) {
        PyMem_Free(hyp);
        return NULL;
    }
    long long edits = edit_rate(hyp, nh, ref, nr);
    PyMem_Free(ref);
    PyMem_Free(hyp);
    if (edits < 0)
        return NULL;
    return PyLong_FromLongLong(edits);
}

static PyMethodDef methods[] = {
    {"edits", py_edits, METH_VARARGS,
     "edits(hyp_ids, ref_ids) -> int: tercom edits (shifts included) turning the hypothesis "
     "into the reference; words are given as integer ids."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ter", "Tercom-compatible TER edit counts, compiled.", -1, methods,
};

PyMODINIT_FUNC PyInit__ter(void)
{
    return PyModule_Create(&module);
}
