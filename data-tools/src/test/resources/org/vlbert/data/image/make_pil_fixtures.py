"""Writes the PIL oracle images used by PilBilinearResizeTest and ImageDecoderTest.

Run once with Pillow installed (any recent version; these files were made with Pillow 12.3.0):
    python3 make_pil_fixtures.py
Deterministic: the source images are synthetic (no random module state outside the fixed seed).
"""
import random

from PIL import Image

rng = random.Random(20240611)


def synthetic(w, h):
    """Noise plus gradients plus a few hard edges: exercises every tap of the filters."""
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        for x in range(w):
            base = (x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x * y) % 256)
            noise = [rng.randint(-40, 40) for _ in range(3)]
            edge = 120 if (x // 7 + y // 5) % 2 else 0
            px[x, y] = tuple(max(0, min(255, base[c] + noise[c] - edge)) for c in range(3))
    return img


src = synthetic(53, 37)
src.save("source_53x37.png")
# torchvision's Resize on a PIL image calls img.resize((ow, oh), Image.BILINEAR)
for (ow, oh) in [(20, 14), (90, 63), (40, 70), (53, 37), (17, 37)]:
    src.resize((ow, oh), Image.BILINEAR).save("pil_bilinear_%dx%d.png" % (ow, oh))

photo = synthetic(64, 48)
photo.save("photo.jpg", quality=90, subsampling=2)  # 4:2:0, the common camera layout
photo.save("photo_444.jpg", quality=95, subsampling=0)
photo.save("photo_progressive.jpg", quality=85, subsampling=2, progressive=True)
for name in ["photo", "photo_444", "photo_progressive"]:
    Image.open(name + ".jpg").convert("RGB").save(name + "_decoded_by_pil.png")
gray = synthetic(30, 20).convert("L")
gray.save("gray.png")
