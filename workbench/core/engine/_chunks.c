/* Stripping HTTP/1.1 chunked framing from a received block, without the GIL.
 *
 * The engine's save stream arrives in chunks of 32 KiB, a few per socket read.
 * unix_api's reading thread hands each read to dechunk(), which copies the payload
 * into the output block and steps over the size lines, with the interpreter lock
 * released: the thread that scans the previous blocks keeps running meanwhile. The
 * decoder keeps no state of its own; the caller passes what is left of the current
 * chunk and carries an incomplete size line over to the next read.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define LINE_MAX_BYTES 1024

enum { NEED_MORE = 0, LAST_CHUNK = 1, BAD_SIZE = -1, OUT_FULL = -2, LONG_LINE = -3 };

/* dechunk(src, dst, filled, remaining) -> (used, filled, remaining, state)
 *
 * src: received bytes; dst: the output block, payload written from dst[filled];
 * remaining: payload bytes of the current chunk still to come (0 between chunks).
 * state NEED_MORE: src is used up but for src[used:], an incomplete size line to
 * carry over; LAST_CHUNK: the zero-size chunk was reached (src[used:] is the
 * trailer); BAD_SIZE: a size line that is not hexadecimal, at src[used:];
 * OUT_FULL: dst is full; LONG_LINE: a size line longer than 1 KiB. */
static PyObject *
dechunk(PyObject *self, PyObject *args)
{
    Py_buffer src, dst;
    Py_ssize_t filled, remaining, pos = 0;
    int state = NEED_MORE;
    if (!PyArg_ParseTuple(args, "y*w*nn:dechunk", &src, &dst, &filled, &remaining))
        return NULL;
    if (filled < 0 || filled > dst.len || remaining < 0) {
        PyBuffer_Release(&src);
        PyBuffer_Release(&dst);
        PyErr_SetString(PyExc_ValueError, "dechunk: filled or remaining out of range");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    const unsigned char *in = (const unsigned char *)src.buf;
    unsigned char *out = (unsigned char *)dst.buf;
    Py_ssize_t n = src.len;
    for (;;) {
        if (remaining > 0) {
            Py_ssize_t take = remaining;
            if (take > n - pos)
                take = n - pos;
            if (take > dst.len - filled)
                take = dst.len - filled;
            memcpy(out + filled, in + pos, (size_t)take);
            filled += take;
            pos += take;
            remaining -= take;
            if (remaining > 0) {
                state = pos == n ? NEED_MORE : OUT_FULL;
                break;
            }
            continue;
        }
        /* Between chunks: CR/LF ending the previous payload, then the size line. */
        Py_ssize_t at = pos;
        while (at < n && (in[at] == '\r' || in[at] == '\n'))
            at++;
        const unsigned char *end = at < n ? memchr(in + at, '\n', (size_t)(n - at)) : NULL;
        if (end == NULL) {
            state = n - pos > LINE_MAX_BYTES ? LONG_LINE : NEED_MORE;
            break;
        }
        Py_ssize_t size = 0, digits = 0, i;
        for (i = at; in + i < end; i++) {
            unsigned char c = in[i];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0)
                break;
            if (size > (PY_SSIZE_T_MAX >> 4)) {
                digits = 0; /* absurd: reported as not a size */
                break;
            }
            size = size * 16 + v;
            digits++;
        }
        /* After the digits only chunk extensions (";...") or whitespace may follow. */
        if (digits == 0 || (in + i < end && in[i] != ';' && in[i] != '\r' && in[i] != ' '
                            && in[i] != '\t')) {
            pos = at;
            state = BAD_SIZE;
            break;
        }
        pos = (end - in) + 1;
        if (size == 0) {
            state = LAST_CHUNK;
            break;
        }
        remaining = size;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&src);
    PyBuffer_Release(&dst);
    return Py_BuildValue("nnni", pos, filled, remaining, state);
}

static PyMethodDef methods[] = {
    {"dechunk", dechunk, METH_VARARGS,
     "dechunk(src, dst, filled, remaining) -> (used, filled, remaining, state)\n\n"
     "Copy the chunked body's payload in src into dst from dst[filled], stepping over\n"
     "size lines; remaining is what the current chunk still holds. state: 0 src used up\n"
     "(carry src[used:], an incomplete size line), 1 last chunk reached, -1 a size line\n"
     "that is not hexadecimal, -2 dst full, -3 a size line longer than 1 KiB."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_chunks",
    "HTTP chunked framing stripped without the GIL, for workbench.core.engine.unix_api.",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__chunks(void)
{
    return PyModule_Create(&module);
}
