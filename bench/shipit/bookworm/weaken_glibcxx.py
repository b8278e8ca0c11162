#!/usr/bin/python3
"""Lets an ELF shared library built with GCC 13+ load on an older libstdc++ (Debian 12's GCC 12).

    python3 weaken_glibcxx.py LIB.so [VERSION [SYMBOL]]

Defaults: VERSION GLIBCXX_3.4.32, SYMBOL _ZSt21ios_base_library_initv (std::ios_base_library_init).
In place, it (1) marks LIB's requirement of VERSION from libstdc++ weak (VER_FLG_WEAK), so the
dynamic loader no longer refuses LIB when libstdc++ lacks it, and (2) makes LIB's reference to
SYMBOL unversioned, so a library that defines SYMBOL (ios_base_library_init.cpp, added to LIB's
DT_NEEDED by patchelf) satisfies it. Prints what it changed; exits 1 if it found nothing to do.
Used by measure.sh --bookworm-fix for TorchSharp only; standard library alone.
"""
import struct
import sys

SHT_DYNSYM, SHT_GNU_VERSYM, SHT_GNU_VERNEED = 11, 0x6FFFFFFF, 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main():
    path = sys.argv[1]
    version = (sys.argv[2] if len(sys.argv) > 2 else "GLIBCXX_3.4.32").encode()
    symbol = (sys.argv[3] if len(sys.argv) > 3 else "_ZSt21ios_base_library_initv").encode()
    with open(path, "rb") as f:
        elf = bytearray(f.read())
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = []
    for i in range(shnum):
        name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", elf, shoff + i * shentsize)
        sections.append((typ, off, size, link, entsize))

    def cstr(table_index, offset):
        start = sections[table_index][1] + offset
        return bytes(elf[start:elf.index(b"\0", start)])

    changed = []
    version_index = None
    for typ, off, size, link, _ in sections:
        if typ != SHT_GNU_VERNEED:
            continue
        pos = off
        while True:
            _, cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", elf, pos)
            aux = pos + vn_aux
            for _ in range(cnt):
                _, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", elf, aux)
                if cstr(link, vna_name) == version:
                    struct.pack_into("<H", elf, aux + 4, vna_flags | VER_FLG_WEAK)
                    version_index = vna_other
                    changed.append(f"{version.decode()} required from {cstr(link, vn_file).decode()} is now weak")
                aux += vna_next
            if vn_next == 0:
                break
            pos += vn_next

    dynsym = next((s for s in sections if s[0] == SHT_DYNSYM), None)
    versym = next((s for s in sections if s[0] == SHT_GNU_VERSYM), None)
    if dynsym and versym and version_index is not None:
        _, off, size, link, entsize = dynsym
        for i in range(size // entsize):
            st_name, = struct.unpack_from("<I", elf, off + i * entsize)
            index_pos = versym[1] + 2 * i
            if cstr(link, st_name) == symbol and (struct.unpack_from("<H", elf, index_pos)[0] & 0x7FFF) == version_index:
                struct.pack_into("<H", elf, index_pos, 1)  # VER_NDX_GLOBAL: unversioned
                changed.append(f"{symbol.decode()} is now an unversioned reference")
    if not changed:
        print(f"# {path}: no requirement of {version.decode()}, nothing changed")
        sys.exit(1)
    with open(path, "wb") as f:
        f.write(elf)
    for line in changed:
        print(f"# {path}: {line}")


if __name__ == "__main__":
    main()
