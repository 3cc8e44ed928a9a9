/* The long lists of an analysis report (inefficient files, reclaimable paths) as the
 * report's JSON text holds them.
 *
 * A report of a large image lists tens of thousands of rows. Building a dict per
 * row and serialising the dicts took a first analysis about as long as the status
 * replay of a layer of 50,000 files; writing the rows straight from the analysis
 * objects takes a few milliseconds. The text is exactly what
 * json.dumps(..., indent=2, ensure_ascii=False) writes for such a list as a member
 * of the document (two levels deep), encoded as UTF-8 with names that were not UTF-8
 * in the image written back as their original bytes (surrogateescape). Anything it
 * does not write exactly that way (a value other than a str, an int that fits in
 * 64 bits or a list of such ints, a surrogate surrogateescape would refuse) makes it
 * return None, and the caller serialises the rows the general way.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} Buffer;

static int
reserve(Buffer *b, size_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + more)
        cap *= 2;
    char *data = PyMem_Realloc(b->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

static int
put(Buffer *b, const char *s, size_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

#define PUT_LITERAL(b, s) put((b), (s), sizeof(s) - 1)

/* An exact int as decimal; 1 when written, 0 when it is not one this writes. */
static int
put_int(Buffer *b, PyObject *value)
{
    char digits[24], *at = digits + sizeof(digits);
    int overflow, negative;
    long long v;
    unsigned long long u;
    if (!PyLong_CheckExact(value))
        return 0;
    v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    negative = v < 0;
    u = negative ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--at = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative)
        *--at = '-';
    return put(b, at, (size_t)(digits + sizeof(digits) - at)) < 0 ? -1 : 1;
}

/* A str as a JSON string (json's escapes, ensure_ascii=False), prefixed; 1 when
 * written, 0 when surrogateescape could not encode it. */
static int
put_string(Buffer *b, const char *prefix, PyObject *value)
{
    Py_ssize_t i, n = PyUnicode_GET_LENGTH(value);
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    size_t plen = strlen(prefix);
    /* At most 6 bytes per code point (\u00XX), plus quotes and the prefix. */
    if (reserve(b, (size_t)n * 6 + plen + 2) < 0)
        return -1;
    char *out = b->data + b->len;
    *out++ = '"';
    memcpy(out, prefix, plen);
    out += plen;
    if (PyUnicode_IS_ASCII(value)) {
        /* Most names: copied as they are unless a byte needs an escape. */
        const unsigned char *ascii = (const unsigned char *)data;
        for (i = 0; i < n; i++)
            if (ascii[i] < 0x20 || ascii[i] == '"' || ascii[i] == '\\')
                break;
        if (i == n) {
            memcpy(out, ascii, (size_t)n);
            out += n;
            *out++ = '"';
            b->len = (size_t)(out - b->data);
            return 1;
        }
    }
    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = (char)c;
        } else if (c < 0x20) {
            switch (c) {
            case '\b': *out++ = '\\'; *out++ = 'b'; break;
            case '\f': *out++ = '\\'; *out++ = 'f'; break;
            case '\n': *out++ = '\\'; *out++ = 'n'; break;
            case '\r': *out++ = '\\'; *out++ = 'r'; break;
            case '\t': *out++ = '\\'; *out++ = 't'; break;
            default:
                out += sprintf(out, "\\u%04x", (unsigned)c);
            }
        } else if (c < 0x80) {
            *out++ = (char)c;
        } else if (c < 0x800) {
            *out++ = (char)(0xC0 | (c >> 6));
            *out++ = (char)(0x80 | (c & 0x3F));
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            if (c < 0xDC80 || c > 0xDCFF)
                return 0;  /* surrogateescape encodes only these */
            *out++ = (char)(c - 0xDC00);
        } else if (c < 0x10000) {
            *out++ = (char)(0xE0 | (c >> 12));
            *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *out++ = (char)(0x80 | (c & 0x3F));
        } else {
            *out++ = (char)(0xF0 | (c >> 18));
            *out++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *out++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *out++ = '"';
    b->len = (size_t)(out - b->data);
    return 1;
}

/* A list of ints at the depth of a row's members. */
static int
put_numbers(Buffer *b, PyObject *list)
{
    Py_ssize_t i, n = PyList_GET_SIZE(list);
    if (n == 0)
        return PUT_LITERAL(b, "[]") < 0 ? -1 : 1;
    if (PUT_LITERAL(b, "[\n        ") < 0)
        return -1;
    for (i = 0; i < n; i++) {
        int rc;
        if (i && PUT_LITERAL(b, ",\n        ") < 0)
            return -1;
        rc = put_int(b, PyList_GET_ITEM(list, i));
        if (rc <= 0)
            return rc;
    }
    return PUT_LITERAL(b, "\n      ]") < 0 ? -1 : 1;
}

/* rows(objects, keys, prefix) -> bytes | None */
static PyObject *
rows(PyObject *self, PyObject *args)
{
    PyObject *objects, *keys, *result = NULL;
    const char *prefix;
    Buffer b = {NULL, 0, 0}, *labels = NULL;
    Py_ssize_t i, k, n, nkeys;
    int ok = 1;
    if (!PyArg_ParseTuple(args, "O!O!s:rows", &PyList_Type, &objects, &PyTuple_Type, &keys,
                          &prefix))
        return NULL;
    n = PyList_GET_SIZE(objects);
    nkeys = PyTuple_GET_SIZE(keys);
    for (k = 0; k < nkeys; k++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(keys, k))) {
            PyErr_SetString(PyExc_TypeError, "rows: keys must be strings");
            return NULL;
        }
    if (n == 0)
        return PyBytes_FromStringAndSize("[]", 2);
    /* Each key as it is written before its value: ",\n      \"key\": " (no comma for
     * the first). */
    labels = PyMem_Calloc((size_t)nkeys, sizeof(Buffer));
    if (labels == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (k = 0; k < nkeys; k++) {
        if ((k ? PUT_LITERAL(&labels[k], ",\n      ") : PUT_LITERAL(&labels[k], "\n      ")) < 0 ||
            put_string(&labels[k], "", PyTuple_GET_ITEM(keys, k)) <= 0 ||
            PUT_LITERAL(&labels[k], ": ") < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "rows: a key cannot be written");
            goto done;
        }
    }
    if (PUT_LITERAL(&b, "[\n    {") < 0)
        goto done;
    for (i = 0; i < n && ok > 0; i++) {
        PyObject *object = PyList_GET_ITEM(objects, i);
        if (i && PUT_LITERAL(&b, ",\n    {") < 0)
            goto done;
        for (k = 0; k < nkeys && ok > 0; k++) {
            PyObject *key = PyTuple_GET_ITEM(keys, k);
            PyObject *value = PyObject_GetAttr(object, key);
            if (value == NULL)
                goto done;
            ok = put(&b, labels[k].data, labels[k].len) < 0 ? -1 : 1;
            if (ok > 0) {
                if (PyUnicode_CheckExact(value))
                    ok = put_string(&b, prefix, value);
                else if (PyList_CheckExact(value))
                    ok = put_numbers(&b, value);
                else
                    ok = put_int(&b, value);
            }
            Py_DECREF(value);
        }
        if (ok > 0 && PUT_LITERAL(&b, "\n    }") < 0)
            ok = -1;
    }
    if (ok < 0)
        goto done;
    if (ok == 0) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    if (PUT_LITERAL(&b, "\n  ]") < 0)
        goto done;
    result = PyBytes_FromStringAndSize(b.data, (Py_ssize_t)b.len);
done:
    if (labels != NULL)
        for (k = 0; k < nkeys; k++)
            PyMem_Free(labels[k].data);
    PyMem_Free(labels);
    PyMem_Free(b.data);
    return result;
}

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS,
     "rows(objects, keys, prefix) -> bytes | None\n\n"
     "The list of objects as a report member's JSON text (json.dumps with indent=2,\n"
     "two levels deep, UTF-8 with surrogateescape): each object a JSON object of its\n"
     "attributes named in keys; strings get prefix in front. None when a value is not\n"
     "a str, a 64-bit int or a list of them, or a str surrogateescape cannot encode."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_jsonrows",
    "The long lists of an analysis report as JSON text, for report_json.", -1, methods,
};

PyMODINIT_FUNC
PyInit__jsonrows(void)
{
    return PyModule_Create(&module);
}
