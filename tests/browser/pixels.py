# pixels.py PNG Y0 Y1 COLOUR...: prints how many pixels of rows Y0 to Y1 of the screenshot are
# each colour (#rrggbb, within 6 per channel) and fails unless every colour covers at least MIN
# pixels (env MIN, 100): a chart's data is drawn in the page as rendered, not only present in
# the markup.
# Decodes 8-bit RGB/RGBA PNGs with zlib, undoing the row filters.
import os, struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat = 8, b''
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if t == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ctype in (2, 6), 'unexpected PNG format'
        bpp = 3 if ctype == 2 else 4
    elif t == b'IDAT':
        idat += body
    pos += 12 + n
y0, y1 = int(float(sys.argv[2])), int(float(sys.argv[3]))
names = sys.argv[4:]
want = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in names]
count = [0] * len(want)
raw, stride = zlib.decompress(idat), w * bpp
prev, i = bytearray(stride), 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y < y0 or y > y1:
        prev = line
        continue
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        for k, (wr, wg, wb) in enumerate(want):
            if abs(r - wr) <= 6 and abs(g - wg) <= 6 and abs(bl - wb) <= 6:
                count[k] += 1
    prev = line
least = int(os.environ.get('MIN', '100'))
assert y1 < h, 'the screenshot ends at row %d, before row %d' % (h, y1)
print('rows %d-%d: ' % (y0, y1) + ' '.join('%s:%d' % (c, n) for c, n in zip(names, count)))
assert all(n >= least for n in count), 'a colour of the data is not drawn'
