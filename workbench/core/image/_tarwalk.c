/* The compiled part of the layer scanner: a walk over consecutive plain tar headers.
 *
 * fastscan.scan_window parses each 512-byte header of a layer in Python, a few
 * microseconds per header; a layer of 50,000 small files spends most of its scan time
 * there. walk() does the same work for the common subset of headers and appends the
 * very same Entry objects. Anything outside that subset (PAX and GNU long-name
 * records, base-256 or oddly written numbers, a bad checksum, a name with a ".."
 * component, an entry running past the layer's end, the end blocks) makes walk()
 * stop at that header, untouched, so the Python loop handles it exactly as it
 * always did (including raising its errors) and then calls walk() again. The C code
 * therefore never has to decide an error or a corner case itself: it only has to
 * accept nothing that Python would read differently.
 *
 * The module also holds the other compiled passes over the entries it makes, which
 * share its knowledge of Entry's slots (configure()): the fingerprint search over the
 * layers' path maps (wanted_copies), a scan's columns for the layer cache
 * (entry_columns) and the status replay's plain overwrites (overwrites). Each stands
 * in for Python code that stays for builds without the module, and the tests compare
 * the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>
#include <limits.h>

#define BLOCK 512
#define NAME_MAX_BYTES 257 /* prefix (155) + '/' + name (100) + spare */

/* Set once by configure(): the Entry class, the Kind per accepted typeflag, the
 * whiteout Kind and a shared empty string for entries without a link. */
static PyObject *entry_cls = NULL;
/* Entry's fields in __init__ order (path, kind, size, mode, uid, gid, link, mtime,
 * digest). When the caller vouches that __init__ only stores them (a plain slots
 * dataclass), entries are made by filling the slots directly: calling the generated
 * __init__ costs more than everything else walk() does per header. */
#define ENTRY_FIELDS 9
static Py_ssize_t slot_offset[ENTRY_FIELDS];
static int fill_slots = 0;
static PyObject *kind_of[256];
static PyObject *whiteout_kind = NULL;
static PyObject *empty_str = NULL;

static const char ACCEPTED_FLAGS[] = {'0', '\0', '7', '1', '2', '3', '4', '5', '6'};

/* "octal digits then one NUL or space" filling the whole field: the form every
 * common writer uses. Python's int(x, 8) accepts more (signs, underscores, inner
 * whitespace); those fields make the caller decline the header. */
static int
plain_octal(const unsigned char *f, int n, unsigned long long *out)
{
    unsigned long long v = 0;
    int i;
    if (f[n - 1] != 0 && f[n - 1] != ' ')
        return 0;
    for (i = 0; i < n - 1; i++) {
        unsigned d = (unsigned)f[i] - '0';
        if (d > 7)
            return 0;
        v = v * 8 + d;
    }
    *out = v;
    return 1;
}

/* The stored checksum equals the unsigned byte sum with the field read as spaces.
 * Accepts leading spaces, octal digits, then only NULs and spaces: a subset of what
 * the Python check reads, with the same value. */
static int
checksum_ok(const unsigned char *h)
{
    unsigned long stored = 0, sum = 8 * ' ';
    int i = 148, digits = 0;
    while (i < 156 && h[i] == ' ')
        i++;
    for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++, digits++)
        stored = stored * 8 + (unsigned long)(h[i] - '0');
    if (!digits)
        return 0;
    for (; i < 156; i++)
        if (h[i] != 0 && h[i] != ' ')
            return 0;
    for (i = 0; i < 148; i++)
        sum += h[i];
    for (i = 156; i < BLOCK; i++)
        sum += h[i];
    return sum == stored;
}

/* Image-root-relative form of src[0:n] into dst: no empty or "." components, no
 * leading or trailing '/'. Returns the length, or -1 on a ".." component (Python
 * resolves or refuses those). Splitting bytes on '/' equals splitting the decoded
 * text: '/' and '.' are ASCII, which UTF-8 with surrogateescape maps one to one. */
static Py_ssize_t
normalise(const unsigned char *src, Py_ssize_t n, unsigned char *dst)
{
    Py_ssize_t i = 0, len = 0;
    while (i < n) {
        Py_ssize_t j = i, part;
        while (j < n && src[j] != '/')
            j++;
        part = j - i;
        if (part == 2 && src[i] == '.' && src[i + 1] == '.')
            return -1;
        if (part > 0 && !(part == 1 && src[i] == '.')) {
            if (len)
                dst[len++] = '/';
            memcpy(dst + len, src + i, (size_t)part);
            len += part;
        }
        i = j + 1;
    }
    return len;
}

static PyObject *
decode(const unsigned char *s, Py_ssize_t n)
{
    return PyUnicode_DecodeUTF8((const char *)s, n, "surrogateescape");
}

/* The offsets of the plain object slots names[0..n) of cls; -1 with an error set
 * when one is not such a slot. */
static int
slot_offsets(PyObject *cls, PyObject *names, int n, Py_ssize_t *offsets)
{
    int i;
    for (i = 0; i < n; i++) {
        PyObject *descr = PyObject_GetAttr(cls, PyTuple_GET_ITEM(names, i));
        PyMemberDef *member;
        if (descr == NULL)
            return -1;
        if (!Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
            Py_DECREF(descr);
            PyErr_Format(PyExc_ValueError, "%R: a field is not a slot", cls);
            return -1;
        }
        member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type != T_OBJECT_EX || (member->flags & READONLY)) {
            Py_DECREF(descr);
            PyErr_Format(PyExc_ValueError, "%R: a slot is not a plain object slot", cls);
            return -1;
        }
        offsets[i] = member->offset;
        Py_DECREF(descr);
    }
    return 0;
}

static PyObject *
configure(PyObject *self, PyObject *args)
{
    PyObject *cls, *kinds, *whiteout, *slots;
    size_t i;
    if (!PyArg_ParseTuple(args, "O!O!OO:configure", &PyType_Type, &cls, &PyDict_Type, &kinds,
                          &whiteout, &slots))
        return NULL;
    fill_slots = 0;
    if (slots != Py_None) {
        if (!PyTuple_Check(slots) || PyTuple_GET_SIZE(slots) != ENTRY_FIELDS) {
            PyErr_SetString(PyExc_ValueError, "slots must be None or a tuple of 9 names");
            return NULL;
        }
        if (slot_offsets(cls, slots, ENTRY_FIELDS, slot_offset) < 0)
            return NULL;
        fill_slots = 1;
    }
    for (i = 0; i < sizeof(ACCEPTED_FLAGS); i++) {
        PyObject *key = PyLong_FromLong((unsigned char)ACCEPTED_FLAGS[i]);
        PyObject *kind;
        if (key == NULL)
            return NULL;
        kind = PyDict_GetItemWithError(kinds, key);
        Py_DECREF(key);
        if (kind == NULL) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "kinds lacks typeflag %d",
                             (unsigned char)ACCEPTED_FLAGS[i]);
            return NULL;
        }
        Py_INCREF(kind);
        Py_XSETREF(kind_of[(unsigned char)ACCEPTED_FLAGS[i]], kind);
    }
    Py_INCREF(cls);
    Py_XSETREF(entry_cls, cls);
    Py_INCREF(whiteout);
    Py_XSETREF(whiteout_kind, whiteout);
    if (empty_str == NULL && (empty_str = PyUnicode_FromStringAndSize("", 0)) == NULL)
        return NULL;
    Py_RETURN_NONE;
}

/* Append one object to a list, consuming the reference. */
static int
append_new(PyObject *list, PyObject *item)
{
    int rc;
    if (item == NULL)
        return -1;
    rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

/* The last value of one header field and its int: mode, owner and mtime repeat from
 * entry to entry, so consecutive entries share one object (as the Python memo does). */
typedef struct {
    unsigned long long value;
    PyObject *obj;
} Recent;

/* A new reference to an int of value v, reusing the one in r when it matches. */
static PyObject *
recent_long(Recent *r, unsigned long long v)
{
    if (r->obj == NULL || r->value != v) {
        PyObject *obj = PyLong_FromUnsignedLongLong(v);
        if (obj == NULL)
            return NULL;
        Py_XSETREF(r->obj, obj);
        r->value = v;
    }
    Py_INCREF(r->obj);
    return r->obj;
}

typedef struct {
    Recent mode, uid, gid, mtime;
} Numbers;

static void
numbers_clear(Numbers *n)
{
    Py_CLEAR(n->mode.obj);
    Py_CLEAR(n->uid.obj);
    Py_CLEAR(n->gid.obj);
    Py_CLEAR(n->mtime.obj);
}

static PyObject *
make_entry(Numbers *nums, PyObject *path, PyObject *kind, unsigned long long size,
           unsigned long long mode, unsigned long long uid, unsigned long long gid,
           PyObject *link, unsigned long long mtime, PyObject *digest)
{
    PyObject *args[ENTRY_FIELDS] = {path, kind, NULL, NULL, NULL, NULL, link, NULL, digest};
    PyObject *entry = NULL;
    int i;
    if ((args[2] = PyLong_FromUnsignedLongLong(size)) != NULL
        && (args[3] = recent_long(&nums->mode, mode & 07777)) != NULL
        && (args[4] = recent_long(&nums->uid, uid)) != NULL
        && (args[5] = recent_long(&nums->gid, gid)) != NULL
        && (args[7] = recent_long(&nums->mtime, mtime)) != NULL) {
        if (!fill_slots) {
            entry = PyObject_Vectorcall(entry_cls, args, ENTRY_FIELDS, NULL);
        } else if ((entry = ((PyTypeObject *)entry_cls)->tp_alloc(
                        (PyTypeObject *)entry_cls, 0)) != NULL) {
            for (i = 0; i < ENTRY_FIELDS; i++) {
                Py_INCREF(args[i]);
                *(PyObject **)((char *)entry + slot_offset[i]) = args[i];
            }
        }
    }
    Py_XDECREF(args[2]);
    Py_XDECREF(args[3]);
    Py_XDECREF(args[4]);
    Py_XDECREF(args[5]);
    Py_XDECREF(args[7]);
    return entry;
}

/* Handles a normalised path whose last component starts with ".wh.": an opaque
 * marker, aufs bookkeeping (skipped) or a whiteout entry. Returns 0 or -1. */
static int
take_whiteout(Numbers *nums, const unsigned char *path, Py_ssize_t len, Py_ssize_t base_at,
              PyObject *entries, PyObject *offsets, PyObject *opaque)
{
    const unsigned char *base = path + base_at;
    Py_ssize_t base_len = len - base_at;
    unsigned char joined[NAME_MAX_BYTES];
    PyObject *text, *entry;
    if (base_len == 12 && memcmp(base, ".wh..wh..opq", 12) == 0)
        return append_new(opaque, decode(path, base_at ? base_at - 1 : 0));
    if (base_len >= 8 && memcmp(base, ".wh..wh.", 8) == 0)
        return 0;
    memcpy(joined, path, (size_t)base_at);
    memcpy(joined + base_at, base + 4, (size_t)(base_len - 4));
    text = decode(joined, len - 4);
    if (text == NULL)
        return -1;
    entry = make_entry(nums, text, whiteout_kind, 0, 0, 0, 0, empty_str, 0, Py_None);
    Py_DECREF(text);
    if (append_new(entries, entry) < 0)
        return -1;
    return offsets == Py_None ? 0 : append_new(offsets, PyLong_FromLong(0));
}

/* The fingerprint of a file's data, hash_fn(memoryview of the data) without a copy.
 * The view points into buf, so it must not outlive the call. */
static PyObject *
fingerprint(PyObject *hash_fn, const unsigned char *data, unsigned long long size)
{
    PyObject *view, *digest;
    view = PyMemoryView_FromMemory((char *)data, (Py_ssize_t)size, PyBUF_READ);
    if (view == NULL)
        return NULL;
    digest = PyObject_CallOneArg(hash_fn, view);
    if (digest != NULL && Py_REFCNT(view) != 1) {
        Py_CLEAR(digest);
        PyErr_SetString(PyExc_RuntimeError, "the hash function kept a view of the data");
    }
    Py_DECREF(view);
    return digest;
}

/* walk(buf, off, buf_at, end, entries, offsets, opaque, limit, hash_fn=None)
 *     -> (pos, taken)
 *
 * buf holds bytes from reader position buf_at; the first header is at buf offset
 * off; end is the position no entry may run past (a window's length, or the end of
 * buf on a forward-only stream). Takes at most limit headers; returns the position
 * of the first header not taken and how many were taken. offsets is a list or None.
 * With hash_fn, each regular file's digest is hash_fn(data): its data must then lie
 * in buf, which end = buf_at + len(buf) ensures. */
static PyObject *
walk(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t off, limit, taken = 0;
    long long buf_at, end;
    PyObject *entries, *offsets, *opaque;
    const unsigned char *buf;
    PyObject *hash_fn = Py_None;
    Numbers nums = {{0, NULL}, {0, NULL}, {0, NULL}, {0, NULL}};
    if (!PyArg_ParseTuple(args, "y*nLLO!OO!n|O:walk", &view, &off, &buf_at, &end,
                          &PyList_Type, &entries, &offsets, &PyList_Type, &opaque, &limit,
                          &hash_fn))
        return NULL;
    if (hash_fn != Py_None && end > buf_at + (long long)view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "with hash_fn, end must not lie past buf");
        return NULL;
    }
    if (entry_cls == NULL || empty_str == NULL) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_RuntimeError, "_tarwalk.configure() was not called");
        return NULL;
    }
    if (offsets != Py_None && !PyList_Check(offsets)) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "offsets must be a list or None");
        return NULL;
    }
    buf = (const unsigned char *)view.buf;
    while (taken < limit && off >= 0 && off + BLOCK <= view.len) {
        const unsigned char *h = buf + off;
        unsigned long long mode, uid, gid, size, mtime;
        unsigned char flag = h[156], raw[NAME_MAX_BYTES], path[NAME_MAX_BYTES];
        unsigned char target[100];
        Py_ssize_t raw_len = 0, name_len, path_len, base_at, target_len = 0;
        long long data_pos, next;
        PyObject *kind, *text, *link, *entry, *digest;

        if (h[0] == 0 || kind_of[flag] == NULL || !checksum_ok(h))
            break; /* end blocks, header records, vendor types, corrupt: Python's */
        if (!plain_octal(h + 100, 8, &mode) || !plain_octal(h + 108, 8, &uid)
            || !plain_octal(h + 116, 8, &gid) || !plain_octal(h + 124, 12, &size)
            || !plain_octal(h + 136, 12, &mtime))
            break;
        if (flag >= '1' && flag <= '6')
            size = 0; /* links, devices, dirs, fifos carry no data */
        data_pos = buf_at + off + BLOCK;
        next = data_pos + (long long)size + (long long)((BLOCK - size % BLOCK) % BLOCK);
        if (next > end)
            break; /* truncated: Python raises the error */
        if (memcmp(h + 257, "ustar", 5) == 0 && h[345]) {
            raw_len = (Py_ssize_t)strnlen((const char *)h + 345, 155);
            memcpy(raw, h + 345, (size_t)raw_len);
            raw[raw_len++] = '/';
        }
        name_len = (Py_ssize_t)strnlen((const char *)h, 100);
        memcpy(raw + raw_len, h, (size_t)name_len);
        raw_len += name_len;
        path_len = normalise(raw, raw_len, path);
        if (path_len < 0)
            break;
        if (flag == '1' && h[157]) {
            /* The hard-link target is normalised like the name (Entry.link). */
            target_len = normalise(h + 157, (Py_ssize_t)strnlen((const char *)h + 157, 100),
                                   target);
            if (target_len < 0)
                break; /* a target climbing with "..": Python resolves or refuses */
        }
        /* Accepted: from here on the header is this walk's. */
        taken++;
        off = (Py_ssize_t)(next - buf_at);
        if (path_len == 0)
            continue; /* the root directory itself */
        base_at = path_len;
        while (base_at > 0 && path[base_at - 1] != '/')
            base_at--;
        if (path_len - base_at >= 4 && memcmp(path + base_at, ".wh.", 4) == 0) {
            if (take_whiteout(&nums, path, path_len, base_at, entries, offsets, opaque) < 0)
                goto error;
            continue;
        }
        kind = kind_of[flag];
        if (flag == '1' && target_len) {
            link = decode(target, target_len);
        } else if (flag != '1' && h[157]) {
            link = decode(h + 157, (Py_ssize_t)strnlen((const char *)h + 157, 100));
        } else {
            link = empty_str;
            Py_INCREF(link);
        }
        if (link == NULL)
            goto error;
        text = decode(path, path_len);
        if (text == NULL) {
            Py_DECREF(link);
            goto error;
        }
        digest = Py_None;
        Py_INCREF(digest);
        if (hash_fn != Py_None && (flag == '0' || flag == 0 || flag == '7')) {
            Py_DECREF(digest);
            digest = fingerprint(hash_fn, buf + (data_pos - buf_at), size);
        }
        entry = digest == NULL ? NULL : make_entry(&nums, text, kind, size, mode, uid, gid,
                                                   link, mtime, digest);
        Py_DECREF(text);
        Py_DECREF(link);
        Py_XDECREF(digest);
        if (append_new(entries, entry) < 0)
            goto error;
        if (offsets != Py_None && append_new(offsets, PyLong_FromLongLong(data_pos)) < 0)
            goto error;
    }
    PyBuffer_Release(&view);
    numbers_clear(&nums);
    return Py_BuildValue("Ln", buf_at + (long long)off, taken);
error:
    PyBuffer_Release(&view);
    numbers_clear(&nums);
    return NULL;
}

/* parents(paths) -> list: each path's parent (the text before its last '/', "" for
 * none), as path.rpartition("/")[0] gives it. Tars list a directory's members one
 * after another, so a parent equal to the previous one is that very object again:
 * no new string, and its hash, computed once, serves every set and dict after. */
static PyObject *
parents(PyObject *self, PyObject *arg)
{
    PyObject *out, *previous = NULL;
    Py_ssize_t i, n;
    if (!PyList_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "parents() takes a list of str");
        return NULL;
    }
    n = PyList_GET_SIZE(arg);
    out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *path = PyList_GET_ITEM(arg, i), *parent;
        Py_ssize_t cut;
        if (!PyUnicode_Check(path)) {
            PyErr_SetString(PyExc_TypeError, "parents() takes a list of str");
            goto error;
        }
        cut = PyUnicode_FindChar(path, '/', 0, PyUnicode_GET_LENGTH(path), -1);
        if (cut == -2)
            goto error;
        if (cut < 0)
            cut = 0;
        if (previous != NULL && PyUnicode_GET_LENGTH(previous) == cut
                && PyUnicode_KIND(previous) == PyUnicode_KIND(path)
                && memcmp(PyUnicode_DATA(previous), PyUnicode_DATA(path),
                          (size_t)cut * PyUnicode_KIND(path)) == 0) {
            parent = previous;
            Py_INCREF(parent);
        } else {
            parent = PyUnicode_Substring(path, 0, cut);
            if (parent == NULL)
                goto error;
            previous = parent;
        }
        PyList_SET_ITEM(out, i, parent);
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

/* An Entry's field by its position in ENTRY_FIELDS (a borrowed reference for a
 * slot, a new one otherwise: *owned says which). */
static PyObject *
entry_field(PyObject *entry, int field, const char *name, int *owned)
{
    if (fill_slots && Py_TYPE(entry) == (PyTypeObject *)entry_cls) {
        PyObject *value = *(PyObject **)((char *)entry + slot_offset[field]);
        *owned = 0;
        if (value == NULL)
            PyErr_Format(PyExc_AttributeError, "an entry has no %s", name);
        return value;
    }
    *owned = 1;
    return PyObject_GetAttrString(entry, name);
}

/* Whether an entry is of this kind (-1 on error). */
static int
has_kind(PyObject *entry, PyObject *kind)
{
    int owned, same;
    PyObject *value = entry_field(entry, 1, "kind", &owned);
    if (value == NULL)
        return -1;
    same = value == kind;
    if (owned)
        Py_DECREF(value);
    return same;
}

/* hash_wanted(buf, entries, offsets, wanted, hash_fn) -> (digests, overrun)
 *
 * For each regular-file entry whose path is in the set wanted, digests[path] =
 * hash_fn(its data), the data lying at offsets[i] in buf. Stops at the first such
 * file whose data runs past buf and returns its path as overrun (None otherwise),
 * for the caller to name in its error. */
static PyObject *
hash_wanted(PyObject *self, PyObject *args)
{
    Py_buffer view;
    PyObject *entries, *offsets, *wanted, *hash_fn, *digests, *overrun = Py_None;
    PyObject *file_kind = kind_of['0'];
    Py_ssize_t i, n;
    if (!PyArg_ParseTuple(args, "y*O!O!O!O:hash_wanted", &view, &PyList_Type, &entries,
                          &PyList_Type, &offsets, &PySet_Type, &wanted, &hash_fn))
        return NULL;
    n = PyList_GET_SIZE(entries);
    if (file_kind == NULL || PyList_GET_SIZE(offsets) != n) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "hash_wanted: not configured, or offsets do not "
                        "match the entries");
        return NULL;
    }
    digests = PyDict_New();
    if (digests == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *entry = PyList_GET_ITEM(entries, i), *path, *size_obj, *digest;
        int path_owned, size_owned, found;
        long long offset, size;
        found = has_kind(entry, file_kind);
        if (found < 0)
            goto error;
        if (!found)
            continue;
        path = entry_field(entry, 0, "path", &path_owned);
        if (path == NULL)
            goto error;
        found = PySet_Contains(wanted, path);
        if (found <= 0) {
            if (path_owned)
                Py_DECREF(path);
            if (found < 0)
                goto error;
            continue;
        }
        size_obj = entry_field(entry, 2, "size", &size_owned);
        size = size_obj == NULL ? -1 : PyLong_AsLongLong(size_obj);
        if (size_owned)
            Py_XDECREF(size_obj);
        offset = PyLong_AsLongLong(PyList_GET_ITEM(offsets, i));
        if (PyErr_Occurred()) {
            if (path_owned)
                Py_DECREF(path);
            goto error;
        }
        if (offset < 0 || size < 0 || offset + size > (long long)view.len) {
            overrun = path;
            if (!path_owned)
                Py_INCREF(overrun);
            break;
        }
        digest = fingerprint(hash_fn, (const unsigned char *)view.buf + offset,
                             (unsigned long long)size);
        found = digest == NULL ? -1 : PyDict_SetItem(digests, path, digest);
        Py_XDECREF(digest);
        if (path_owned)
            Py_DECREF(path);
        if (found < 0)
            goto error;
    }
    PyBuffer_Release(&view);
    if (overrun == Py_None)
        Py_INCREF(overrun);
    return Py_BuildValue("(NN)", digests, overrun);
error:
    PyBuffer_Release(&view);
    Py_DECREF(digests);
    return NULL;
}

/* The layer that put `copy` (the most recent regular-file copy of `path` below layer
 * `k`): the topmost map under k holding that very object. */
static Py_ssize_t
layer_of(PyObject *maps, Py_ssize_t k, PyObject *path, PyObject *copy)
{
    Py_ssize_t j;
    for (j = k - 1; j >= 0; j--) {
        PyObject *found = PyDict_GetItemWithError(PyList_GET_ITEM(maps, j), path);
        if (found == copy)
            return j;
        if (found == NULL && PyErr_Occurred())
            return -1;
    }
    PyErr_SetString(PyExc_RuntimeError, "wanted_copies: a copy lost its layer");
    return -1;
}

/* A copy's size (-1 with an error set) and whether its digest is still None. */
static long long
copy_size(PyObject *entry, int *unknown)
{
    int owned;
    long long size;
    PyObject *value = entry_field(entry, 8, "digest", &owned);
    if (value == NULL)
        return -1;
    *unknown = value == Py_None;
    if (owned)
        Py_DECREF(value);
    value = entry_field(entry, 2, "size", &owned);
    if (value == NULL)
        return -1;
    size = PyLong_AsLongLong(value);
    if (owned)
        Py_DECREF(value);
    return size;
}

/* Of one path's copies (a flat list: layer, entry, layer, entry...), add the path to
 * wants[layer] for each copy with an unknown digest whose size another copy shares. */
static int
want_copies(PyObject *path, PyObject *copies, PyObject **wants)
{
    Py_ssize_t c = PyList_GET_SIZE(copies) / 2, i, j;
    long long sizes[64], *size = sizes;
    int unknowns[64], *unknown = unknowns, rc = 0;
    if (c > 64) {
        size = PyMem_Malloc((size_t)c * sizeof(long long));
        unknown = PyMem_Malloc((size_t)c * sizeof(int));
        if (size == NULL || unknown == NULL) {
            PyMem_Free(size);
            PyMem_Free(unknown);
            PyErr_NoMemory();
            return -1;
        }
    }
    for (i = 0; i < c && rc == 0; i++) {
        size[i] = copy_size(PyList_GET_ITEM(copies, 2 * i + 1), &unknown[i]);
        if (size[i] == -1 && PyErr_Occurred())
            rc = -1;
    }
    for (i = 0; i < c && rc == 0; i++) {
        Py_ssize_t layer;
        if (!unknown[i])
            continue;
        for (j = 0; j < c; j++)
            if (j != i && size[j] == size[i])
                break;
        if (j == c)
            continue;
        layer = PyLong_AsSsize_t(PyList_GET_ITEM(copies, 2 * i));
        if (wants[layer] == NULL && (wants[layer] = PySet_New(NULL)) == NULL)
            rc = -1;
        else
            rc = PySet_Add(wants[layer], path);
    }
    if (size != sizes) {
        PyMem_Free(size);
        PyMem_Free(unknown);
    }
    return rc;
}

/* Append layer, entry to a flat list of copies. */
static int
add_copy(PyObject *copies, Py_ssize_t layer, PyObject *entry)
{
    PyObject *number = PyLong_FromSsize_t(layer);
    int rc = number == NULL ? -1 : PyList_Append(copies, number);
    Py_XDECREF(number);
    return rc < 0 ? -1 : PyList_Append(copies, entry);
}

/* wanted_copies(maps, file_kind) -> {layer: {path, ...}}
 *
 * fingerprints.missing_fingerprints over the layers' path maps (each path once per
 * layer): a regular file is wanted when another regular-file copy of its path, in
 * another layer, has the same size, and its digest is not known yet. One dict lookup
 * per file: `latest` holds each path's most recent regular-file copy, `repeated`
 * the copies, in layer order, of the paths met as files twice or more. */
static PyObject *
wanted_copies(PyObject *self, PyObject *args)
{
    PyObject *maps, *file_kind, *latest = NULL, *repeated = NULL, *result = NULL;
    PyObject *path, *copies, **wants = NULL;
    Py_ssize_t k, n, pos;
    if (!PyArg_ParseTuple(args, "O!O:wanted_copies", &PyList_Type, &maps, &file_kind))
        return NULL;
    n = PyList_GET_SIZE(maps);
    for (k = 0; k < n; k++)
        if (!PyDict_CheckExact(PyList_GET_ITEM(maps, k))) {
            PyErr_SetString(PyExc_TypeError, "wanted_copies: maps must be dicts");
            return NULL;
        }
    wants = PyMem_Calloc((size_t)n + 1, sizeof(PyObject *));
    if (wants == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    if ((latest = PyDict_New()) == NULL || (repeated = PyDict_New()) == NULL)
        goto done;
    for (k = 0; k < n; k++) {
        PyObject *map = PyList_GET_ITEM(maps, k), *entry;
        pos = 0;
        while (PyDict_Next(map, &pos, &path, &entry)) {
            PyObject *below;
            int is_file = has_kind(entry, file_kind);
            if (is_file < 0)
                goto done;
            if (!is_file)
                continue;
            below = PyDict_GetItemWithError(latest, path);
            if (below == NULL && PyErr_Occurred())
                goto done;
            if (below != NULL) {
                copies = PyDict_GetItemWithError(repeated, path);
                if (copies == NULL) {
                    Py_ssize_t j;
                    if (PyErr_Occurred() || (j = layer_of(maps, k, path, below)) < 0 ||
                        (copies = PyList_New(0)) == NULL)
                        goto done;
                    if (add_copy(copies, j, below) < 0 ||
                        PyDict_SetItem(repeated, path, copies) < 0) {
                        Py_DECREF(copies);
                        goto done;
                    }
                    Py_DECREF(copies);  /* held by repeated */
                }
                if (add_copy(copies, k, entry) < 0)
                    goto done;
            }
            if (PyDict_SetItem(latest, path, entry) < 0)
                goto done;
        }
    }
    pos = 0;
    while (PyDict_Next(repeated, &pos, &path, &copies))
        if (want_copies(path, copies, wants) < 0)
            goto done;
    if ((result = PyDict_New()) == NULL)
        goto done;
    for (k = 0; k < n; k++) {
        PyObject *key;
        if (wants[k] == NULL)
            continue;
        key = PyLong_FromSsize_t(k);
        if (key == NULL || PyDict_SetItem(result, key, wants[k]) < 0) {
            Py_XDECREF(key);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(key);
    }
done:
    for (k = 0; k < n; k++)
        Py_XDECREF(wants[k]);
    PyMem_Free(wants);
    Py_XDECREF(latest);
    Py_XDECREF(repeated);
    return result;
}

/* paths_and_kinds(entries) -> (paths, kinds): two of the entries' fields as lists, in
 * one pass (the analysis' per-layer columns). */
static PyObject *
paths_and_kinds(PyObject *self, PyObject *entries)
{
    PyObject *paths, *kinds;
    Py_ssize_t i, n;
    if (!PyList_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "paths_and_kinds: entries must be a list");
        return NULL;
    }
    n = PyList_GET_SIZE(entries);
    paths = PyList_New(n);
    kinds = paths == NULL ? NULL : PyList_New(n);
    if (kinds == NULL)
        goto error;
    for (i = 0; i < n; i++) {
        PyObject *entry = PyList_GET_ITEM(entries, i), *value;
        int owned;
        if ((value = entry_field(entry, 0, "path", &owned)) == NULL)
            goto error;
        if (!owned)
            Py_INCREF(value);
        PyList_SET_ITEM(paths, i, value);
        if ((value = entry_field(entry, 1, "kind", &owned)) == NULL)
            goto error;
        if (!owned)
            Py_INCREF(value);
        PyList_SET_ITEM(kinds, i, value);
    }
    return Py_BuildValue("(NN)", paths, kinds);
error:
    Py_XDECREF(paths);
    Py_XDECREF(kinds);
    return NULL;
}

/* entry_columns(entries, kind_codes) -> (paths, kinds, sizes, modes, uids, gids,
 *                                         links, mtimes, digests)
 *
 * The entries' fields as columns, in one pass: the layer cache stores a scan by
 * columns, and nine Python passes over tens of thousands of entries (each a cache
 * miss per entry) cost several times this one. kinds is bytes of kind_codes[kind]. */
static PyObject *
entry_columns(PyObject *self, PyObject *args)
{
    PyObject *entries, *codes, *columns[ENTRY_FIELDS] = {NULL}, *kinds = NULL, *result = NULL;
    Py_ssize_t i, n;
    int f;
    if (!PyArg_ParseTuple(args, "O!O!:entry_columns", &PyList_Type, &entries, &PyDict_Type,
                          &codes))
        return NULL;
    n = PyList_GET_SIZE(entries);
    if ((kinds = PyBytes_FromStringAndSize(NULL, n)) == NULL)
        return NULL;
    for (f = 0; f < ENTRY_FIELDS; f++)
        if (f != 1 && (columns[f] = PyList_New(n)) == NULL)
            goto done;
    for (i = 0; i < n; i++) {
        PyObject *entry = PyList_GET_ITEM(entries, i);
        static const char *names[ENTRY_FIELDS] = {"path", "kind", "size", "mode", "uid",
                                                  "gid", "link", "mtime", "digest"};
        for (f = 0; f < ENTRY_FIELDS; f++) {
            int owned;
            PyObject *value = entry_field(entry, f, names[f], &owned);
            if (value == NULL)
                goto done;
            if (f == 1) {
                PyObject *code = PyDict_GetItemWithError(codes, value);
                long c = code == NULL ? -1 : PyLong_AsLong(code);
                if (owned)
                    Py_DECREF(value);
                if (c < 0 || c > 255) {
                    if (!PyErr_Occurred())
                        PyErr_SetString(PyExc_ValueError, "entry_columns: a kind has no code");
                    goto done;
                }
                PyBytes_AS_STRING(kinds)[i] = (char)c;
                continue;
            }
            if (!owned)
                Py_INCREF(value);
            PyList_SET_ITEM(columns[f], i, value);
        }
    }
    result = Py_BuildValue("(OOOOOOOOO)", columns[0], kinds, columns[2], columns[3], columns[4],
                           columns[5], columns[6], columns[7], columns[8]);
done:
    for (f = 0; f < ENTRY_FIELDS; f++)
        Py_XDECREF(columns[f]);
    Py_DECREF(kinds);
    return result;
}

/* Classes whose objects the passes below make, when the caller vouches each is a
 * plain slots class (its __init__ only stores its fields): they are then made by
 * filling the slots, as walk() makes entries; calling a generated __init__ cost
 * most of their making. Otherwise the class is called. */
#define RECORD_MAX_FIELDS 8
typedef struct {
    PyObject *cls;
    Py_ssize_t n;
    Py_ssize_t offset[RECORD_MAX_FIELDS];
} Record;

static Record item_record;  /* ReclaimablePath: path, bytes, created_in, overwritten_in,
                             * deleted_in */
static Record file_record;  /* InefficientFile: path, count, size, layers */

static PyObject *
set_record(Record *record, PyObject *args, const char *who)
{
    PyObject *cls, *names;
    Py_ssize_t offsets[RECORD_MAX_FIELDS], n;
    if (!PyArg_ParseTuple(args, "O!O!", &PyType_Type, &cls, &PyTuple_Type, &names))
        return NULL;
    n = PyTuple_GET_SIZE(names);
    if (n < 1 || n > RECORD_MAX_FIELDS) {
        PyErr_Format(PyExc_ValueError, "%s: 1 to %d field names expected", who,
                     RECORD_MAX_FIELDS);
        return NULL;
    }
    if (slot_offsets(cls, names, (int)n, offsets) < 0)
        return NULL;
    memcpy(record->offset, offsets, sizeof(offsets));
    record->n = n;
    Py_INCREF(cls);
    Py_XSETREF(record->cls, cls);
    Py_RETURN_NONE;
}

static PyObject *
configure_item(PyObject *self, PyObject *args)
{
    return set_record(&item_record, args, "configure_item");
}

static PyObject *
configure_file(PyObject *self, PyObject *args)
{
    return set_record(&file_record, args, "configure_file");
}

/* cls(*values) for a record class: slots filled when cls is the configured one (n
 * values), else a call. Borrows the values. */
static PyObject *
make_record(Record *record, PyObject *cls, PyObject **values, Py_ssize_t n)
{
    PyObject *made;
    Py_ssize_t i;
    if (cls != record->cls || n != record->n)
        return PyObject_Vectorcall(cls, values, (size_t)n, NULL);
    made = ((PyTypeObject *)cls)->tp_alloc((PyTypeObject *)cls, 0);
    if (made != NULL)
        for (i = 0; i < n; i++) {
            Py_INCREF(values[i]);
            *(PyObject **)((char *)made + record->offset[i]) = values[i];
        }
    return made;
}

/* A new item of make_item (path, size, [born], [index], []). */
static PyObject *
new_item(PyObject *make_item, PyObject *path, PyObject *size, PyObject *born,
         Py_ssize_t index)
{
    PyObject *values[5] = {path, size, NULL, NULL, NULL}, *item = NULL, *number;
    if ((values[2] = PyList_New(1)) == NULL)
        goto done;
    Py_INCREF(born);
    PyList_SET_ITEM(values[2], 0, born);
    if ((values[3] = PyList_New(1)) == NULL || (number = PyLong_FromSsize_t(index)) == NULL)
        goto done;
    PyList_SET_ITEM(values[3], 0, number);
    if ((values[4] = PyList_New(0)) == NULL)
        goto done;
    item = make_record(&item_record, make_item, values, 5);
done:
    Py_XDECREF(values[2]);
    Py_XDECREF(values[3]);
    Py_XDECREF(values[4]);
    return item;
}

/* One row of dive's inefficient files before it is made: cumulative bytes, path, the
 * layer of each copy. */
typedef struct {
    long long cumulative;
    PyObject *path;
    PyObject *layers;
} FileRow;

static int
row_order(const void *a, const void *b)
{
    const FileRow *x = a, *y = b;
    if (x->cumulative != y->cumulative)
        return x->cumulative > y->cumulative ? -1 : 1;  /* largest first */
    return PyUnicode_Compare(x->path, y->path);  /* ties by path (paths never repeat) */
}

/* dive_rows(multi, layer_count, make_file) -> (files, minimum_drop, layer_wasted, wasted)
 *                                             | None
 *
 * metrics.DiveCounter.result's pass over the paths counted more than once (multi:
 * path -> [(layer, size), ...]): the rows of dive's inefficient files, largest first
 * then by path, made by make_file(path, count, cumulative, layers); what they take
 * off the minimum size (each path's copies above its smallest; a path with no visit
 * counts for 1); the bytes each layer's copies carry; and their sum. None when a
 * number does not fit in 64 bits, for the Python pass to take. */
static PyObject *
dive_rows(PyObject *self, PyObject *args)
{
    PyObject *multi, *make_file, *path, *visits, *files = NULL, *wasted_list = NULL;
    PyObject *result = NULL;
    Py_ssize_t layer_count, pos = 0, count = 0, i, j;
    long long *layer_wasted = NULL, drop = 0, wasted = 0;
    FileRow *rows = NULL;
    int overflow = 0;
    if (!PyArg_ParseTuple(args, "O!nO:dive_rows", &PyDict_Type, &multi, &layer_count,
                          &make_file))
        return NULL;
    layer_wasted = PyMem_Calloc((size_t)layer_count + 1, sizeof(long long));
    rows = PyMem_Calloc((size_t)PyDict_GET_SIZE(multi) + 1, sizeof(FileRow));
    if (layer_wasted == NULL || rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    while (PyDict_Next(multi, &pos, &path, &visits)) {
        Py_ssize_t n;
        long long cumulative = 0, smallest = 0;
        if (!PyList_Check(visits)) {
            PyErr_SetString(PyExc_TypeError, "dive_rows: visits must be lists");
            goto done;
        }
        n = PyList_GET_SIZE(visits);
        if (n < 2) {
            drop += n == 0;  /* a failed whiteout's path that nothing counted after */
            continue;
        }
        for (j = 0; j < n; j++) {
            PyObject *visit = PyList_GET_ITEM(visits, j);
            long long layer, size = 0;
            if (!PyTuple_Check(visit) || PyTuple_GET_SIZE(visit) != 2) {
                PyErr_SetString(PyExc_TypeError, "dive_rows: a visit is not (layer, size)");
                goto done;
            }
            layer = PyLong_AsLongLongAndOverflow(PyTuple_GET_ITEM(visit, 0), &overflow);
            if (!overflow)
                size = PyLong_AsLongLongAndOverflow(PyTuple_GET_ITEM(visit, 1), &overflow);
            if (PyErr_Occurred())
                goto done;
            if (overflow || layer < 0 || layer >= layer_count || size < 0 ||
                cumulative > LLONG_MAX - size || layer_wasted[layer] > LLONG_MAX - size) {
                overflow = 1;
                goto done;
            }
            cumulative += size;
            smallest = j == 0 || size < smallest ? size : smallest;
            layer_wasted[layer] += size;
        }
        drop += cumulative - smallest;
        wasted += cumulative;
        rows[count].cumulative = cumulative;
        rows[count].path = path;
        rows[count].layers = visits;  /* turned into the layer list when made */
        count++;
    }
    qsort(rows, (size_t)count, sizeof(FileRow), row_order);
    if ((files = PyList_New(count)) == NULL)
        goto done;
    for (i = 0; i < count; i++) {
        Py_ssize_t n = PyList_GET_SIZE(rows[i].layers);
        PyObject *layers = PyList_New(n), *values[4], *made;
        if (layers == NULL)
            goto done;
        for (j = 0; j < n; j++) {
            PyObject *layer = PyTuple_GET_ITEM(PyList_GET_ITEM(rows[i].layers, j), 0);
            Py_INCREF(layer);
            PyList_SET_ITEM(layers, j, layer);
        }
        values[0] = rows[i].path;
        values[1] = PyLong_FromSsize_t(n);
        values[2] = values[1] == NULL ? NULL : PyLong_FromLongLong(rows[i].cumulative);
        values[3] = layers;
        made = values[2] == NULL ? NULL : make_record(&file_record, make_file, values, 4);
        Py_XDECREF(values[1]);
        Py_XDECREF(values[2]);
        Py_DECREF(layers);
        if (made == NULL)
            goto done;
        PyList_SET_ITEM(files, i, made);
    }
    if ((wasted_list = PyList_New(layer_count)) == NULL)
        goto done;
    for (i = 0; i < layer_count; i++) {
        PyObject *number = PyLong_FromLongLong(layer_wasted[i]);
        if (number == NULL)
            goto done;
        PyList_SET_ITEM(wasted_list, i, number);
    }
    result = Py_BuildValue("(OLOL)", files, drop, wasted_list, wasted);
done:
    if (overflow && !PyErr_Occurred()) {
        Py_XDECREF(result);
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(files);
    Py_XDECREF(wasted_list);
    PyMem_Free(layer_wasted);
    PyMem_Free(rows);
    return result;
}

/* Whether two fields of two entries are equal (-1 on error). */
static int
same_field(PyObject *a, PyObject *b, int field, const char *name)
{
    int owned_a, owned_b, rc;
    PyObject *x = entry_field(a, field, name, &owned_a), *y;
    if (x == NULL)
        return -1;
    y = entry_field(b, field, name, &owned_b);
    if (y == NULL) {
        if (owned_a)
            Py_DECREF(x);
        return -1;
    }
    rc = PyObject_RichCompareBool(x, y, Py_EQ);
    if (owned_a)
        Py_DECREF(x);
    if (owned_b)
        Py_DECREF(y);
    return rc;
}

/* A field of an entry, borrowed when the slots are filled directly, else a new
 * reference put in *hold for the caller to release. */
static PyObject *
field_of(PyObject *entry, int field, const char *name, PyObject **hold)
{
    int owned;
    PyObject *value = entry_field(entry, field, name, &owned);
    *hold = owned ? value : NULL;
    return value;
}

/* overwrites(touched, pos, entries, paths, kinds, present, layers, created, charged,
 *            per_layer, statuses, index, kinds5, codes, make_item, overwritten)
 *     -> (pos, modified, unchanged)
 *
 * statuses.MergedState._apply_columns' loop over the members present below, for the
 * plain case: a member replacing the copy below that is not a directory given way to
 * a non-directory. From touched[pos] on, each such member gets its status (MODIFIED
 * or UNCHANGED by _compare_code's rules), the copy it replaces is charged to the
 * reclaimable tracker (charged: path -> item, made by make_item(path, bytes,
 * [created], [index], []); None: no tracker), created[path] keeps the layer that
 * created the path, and the path is appended to overwritten. Stops at the first
 * member it does not take (a whiteout, a path not present (hidden by an opaque
 * directory), a directory given way to a non-directory), returning its position in
 * touched, for the Python loop to take in order. */
static PyObject *
overwrites(PyObject *self, PyObject *args)
{
    PyObject *touched, *entries, *paths, *kinds, *present, *layers, *created, *charged,
        *per_layer, *statuses, *kinds5, *codes, *make_item, *overwritten;
    PyObject *file_k, *dir_k, *symlink_k, *hardlink_k, *whiteout_k;
    Py_ssize_t pos, index, n, modified = 0, unchanged = 0;
    long modified_code, unchanged_code;
    char *status_bytes;
    if (!PyArg_ParseTuple(args, "O!nO!O!O!O!O!O!OO!O!nO!O!OO!:overwrites",
                          &PyList_Type, &touched, &pos, &PyList_Type, &entries,
                          &PyList_Type, &paths, &PyList_Type, &kinds, &PyDict_Type, &present,
                          &PyList_Type, &layers, &PyDict_Type, &created, &charged,
                          &PyList_Type, &per_layer, &PyByteArray_Type, &statuses, &index,
                          &PyTuple_Type, &kinds5, &PyTuple_Type, &codes, &make_item,
                          &PyList_Type, &overwritten))
        return NULL;
    if (PyTuple_GET_SIZE(kinds5) != 5 || PyTuple_GET_SIZE(codes) != 2 ||
        index > PyList_GET_SIZE(layers) ||
        (charged != Py_None && (!PyDict_Check(charged) ||
                                PyList_GET_SIZE(per_layer) < index))) {
        PyErr_SetString(PyExc_ValueError, "overwrites: inconsistent arguments");
        return NULL;
    }
    file_k = PyTuple_GET_ITEM(kinds5, 0);
    dir_k = PyTuple_GET_ITEM(kinds5, 1);
    symlink_k = PyTuple_GET_ITEM(kinds5, 2);
    hardlink_k = PyTuple_GET_ITEM(kinds5, 3);
    whiteout_k = PyTuple_GET_ITEM(kinds5, 4);
    modified_code = PyLong_AsLong(PyTuple_GET_ITEM(codes, 0));
    unchanged_code = PyLong_AsLong(PyTuple_GET_ITEM(codes, 1));
    if (PyErr_Occurred())
        return NULL;
    status_bytes = PyByteArray_AS_STRING(statuses);
    n = PyList_GET_SIZE(touched);
    for (; pos < n; pos++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(touched, pos)), origin;
        PyObject *entry, *path, *kind, *old, *old_kind, *born, *hold_old_kind;
        PyObject *a, *b, *hold_a, *hold_b;
        long code;
        int same, old_is_dir;
        if (i < 0 || i >= PyList_GET_SIZE(entries) || i >= PyList_GET_SIZE(paths) ||
            i >= PyList_GET_SIZE(kinds) || i >= PyByteArray_GET_SIZE(statuses)) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "overwrites: a member index is out of range");
            return NULL;
        }
        entry = PyList_GET_ITEM(entries, i);
        path = PyList_GET_ITEM(paths, i);
        kind = PyList_GET_ITEM(kinds, i);
        if (kind == whiteout_k)
            break;
        old = PyDict_GetItemWithError(present, path);
        if (old == NULL) {
            if (PyErr_Occurred())
                return NULL;
            break;  /* hidden by an opaque directory of this layer */
        }
        old_kind = field_of(old, 1, "kind", &hold_old_kind);
        if (old_kind == NULL)
            return NULL;
        old_is_dir = old_kind == dir_k;
        if (old_is_dir && kind != dir_k) {
            Py_XDECREF(hold_old_kind);
            break;  /* the subtree below goes too: the Python loop removes it */
        }
        /* The layer the copy below came from: the topmost lower layer listing it. */
        for (origin = index - 1; origin >= 0; origin--) {
            int found = PyDict_Contains(PyList_GET_ITEM(layers, origin), path);
            if (found < 0) {
                Py_XDECREF(hold_old_kind);
                return NULL;
            }
            if (found)
                break;
        }
        if (origin < 0) {
            Py_XDECREF(hold_old_kind);
            PyErr_Format(PyExc_KeyError, "%R is present but no layer lists it", path);
            return NULL;
        }
        born = PyDict_GetItemWithError(created, path);
        if (born != NULL)
            Py_INCREF(born);
        else if (PyErr_Occurred() || (born = PyLong_FromSsize_t(origin)) == NULL) {
            Py_XDECREF(hold_old_kind);
            return NULL;
        }
        /* _compare_code (kinds[i] is the entry's kind) */
        same = old_kind == kind;
        if (same)
            same = same_field(old, entry, 4, "uid");
        if (same > 0)
            same = same_field(old, entry, 5, "gid");
        if (same > 0) {
            long ma, mb;
            a = field_of(old, 3, "mode", &hold_a);
            b = a == NULL ? NULL : field_of(entry, 3, "mode", &hold_b);
            ma = a == NULL ? -1 : PyLong_AsLong(a);
            mb = b == NULL ? -1 : PyLong_AsLong(b);
            Py_XDECREF(hold_a);
            if (b != NULL)
                Py_XDECREF(hold_b);
            same = (a == NULL || b == NULL || PyErr_Occurred()) ? -1 : !((ma ^ mb) & 07777);
        }
        if (same > 0) {
            if (kind == file_k) {
                same = same_field(old, entry, 2, "size");
                if (same > 0) {
                    a = field_of(old, 8, "digest", &hold_a);
                    if (a == NULL)
                        same = -1;
                    else {
                        same = a == Py_None ? 0 : same_field(old, entry, 8, "digest");
                        Py_XDECREF(hold_a);
                    }
                }
            } else if (kind == symlink_k || kind == hardlink_k) {
                same = same_field(old, entry, 6, "link");
            }
        }
        if (same < 0)
            goto fail;
        code = same ? unchanged_code : modified_code;
        status_bytes[i] = (char)code;
        if (same)
            unchanged++;
        else
            modified++;
        /* ReclaimTracker.on_death for the copy replaced (directories carry no bytes). */
        if (charged != Py_None && !old_is_dir) {
            PyObject *size = field_of(old, 2, "size", &hold_a), *item, *sum;
            if (size == NULL)
                goto fail;
            item = PyDict_GetItemWithError(charged, path);
            if (item == NULL) {
                PyObject *made;
                if (PyErr_Occurred()) {
                    Py_XDECREF(hold_a);
                    goto fail;
                }
                made = new_item(make_item, path, size, born, index);
                if (made == NULL || PyDict_SetItem(charged, path, made) < 0) {
                    Py_XDECREF(made);
                    Py_XDECREF(hold_a);
                    goto fail;
                }
                Py_DECREF(made);
            } else {
                PyObject *bytes = PyObject_GetAttrString(item, "bytes"), *later, *number;
                int rc = -1;
                sum = bytes == NULL ? NULL : PyNumber_Add(bytes, size);
                Py_XDECREF(bytes);
                if (sum != NULL)
                    rc = PyObject_SetAttrString(item, "bytes", sum);
                Py_XDECREF(sum);
                later = rc < 0 ? NULL : PyObject_GetAttrString(item, "overwritten_in");
                number = later == NULL ? NULL : PyLong_FromSsize_t(index);
                rc = number == NULL ? -1 : PyList_Append(later, number);
                Py_XDECREF(number);
                Py_XDECREF(later);
                if (rc < 0) {
                    Py_XDECREF(hold_a);
                    goto fail;
                }
            }
            sum = PyNumber_Add(PyList_GET_ITEM(per_layer, origin), size);
            Py_XDECREF(hold_a);
            if (sum == NULL || PyList_SetItem(per_layer, origin, sum) < 0)
                goto fail;
        }
        Py_XDECREF(hold_old_kind);
        hold_old_kind = NULL;
        if (PyDict_SetItem(created, path, born) < 0 || PyList_Append(overwritten, path) < 0) {
            Py_DECREF(born);
            return NULL;
        }
        Py_DECREF(born);
        continue;
    fail:
        Py_XDECREF(hold_old_kind);
        Py_DECREF(born);
        return NULL;
    }
    return Py_BuildValue("(nnn)", pos, modified, unchanged);
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(entry_cls, kinds, whiteout_kind, slots): the classes walk() builds entries\n"
     "from; slots (Entry's 9 field names in __init__ order, or None to call the class)\n"
     "lets it fill a plain slots dataclass directly."},
    {"walk", walk, METH_VARARGS,
     "walk(buf, off, buf_at, end, entries, offsets, opaque, limit, hash_fn=None)\n"
     "    -> (pos, taken)\n\n"
     "Parse consecutive plain tar headers of buf from offset off (buf starts at reader\n"
     "position buf_at; no entry may run past end), appending entries, opaque dirs and\n"
     "data offsets; stop before the first header outside the plain subset, past buf,\n"
     "or after limit headers. Returns the position of the next header and how many\n"
     "headers were taken. With hash_fn, regular files get digest=hash_fn(data)."},
    {"parents", parents, METH_O,
     "parents(paths) -> list: each path's parent, path.rpartition('/')[0], with a run of\n"
     "equal parents sharing one string object."},
    {"hash_wanted", hash_wanted, METH_VARARGS,
     "hash_wanted(buf, entries, offsets, wanted, hash_fn) -> (digests, overrun)\n\n"
     "digests[path] = hash_fn(data) for each regular file whose path is in wanted, its\n"
     "data at offsets[i] in buf; overrun is the path of the first such file whose\n"
     "data runs past buf (the walk stops there), else None."},
    {"configure_item", configure_item, METH_VARARGS,
     "configure_item(cls, names): the reclaimable item class overwrites() may fill by\n"
     "slots (its 5 field names in __init__ order), vouched plain by the caller."},
    {"configure_file", configure_file, METH_VARARGS,
     "configure_file(cls, names): the same for dive_rows' inefficient file class (its\n"
     "4 field names)."},
    {"dive_rows", dive_rows, METH_VARARGS,
     "dive_rows(multi, layer_count, make_file)\n"
     "    -> (files, minimum_drop, layer_wasted, wasted) | None\n\n"
     "DiveCounter.result's pass over the paths counted more than once (see _tarwalk.c)."},
    {"overwrites", overwrites, METH_VARARGS,
     "overwrites(touched, pos, entries, paths, kinds, present, layers, created, charged,\n"
     "    per_layer, statuses, index, kinds5, codes, make_item, overwritten)\n"
     "    -> (pos, modified, unchanged)\n\n"
     "The replay's plain overwrites from touched[pos] on (see _tarwalk.c); stops at the\n"
     "first member left to the Python loop and returns its position."},
    {"paths_and_kinds", paths_and_kinds, METH_O,
     "paths_and_kinds(entries) -> (paths, kinds): the entries' paths and kinds as\n"
     "lists, in one pass."},
    {"entry_columns", entry_columns, METH_VARARGS,
     "entry_columns(entries, kind_codes) -> (paths, kinds, sizes, modes, uids, gids,\n"
     "    links, mtimes, digests): the entries' fields as lists, kinds as bytes of\n"
     "    kind_codes[kind]; one pass over the entries."},
    {"wanted_copies", wanted_copies, METH_VARARGS,
     "wanted_copies(maps, file_kind) -> {layer: {path, ...}}\n\n"
     "The regular files whose digest is needed and unknown, over the layers' path maps\n"
     "(fingerprints.missing_fingerprints): another layer's regular-file copy of the\n"
     "path has the same size."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_tarwalk",
    "A compiled walk over plain tar headers for workbench.core.image.fastscan.", -1, methods,
};

PyMODINIT_FUNC
PyInit__tarwalk(void)
{
    return PyModule_Create(&module);
}
