#!/usr/bin/env python3
"""Generate synthetic, UNSIGNED claims envelopes (GIAMDINHHS, QĐ 4750 shape) for tests and benchmarks.

Every value is fake: codes and IDs carry the SYN- prefix (or the 99/999 ranges that no real province,
district or facility uses), names are random combinations, amounts are made up. The layout copies
shared/samples/claims-4750-sample.xml byte for byte in style: XML declaration, 2-space indentation, LF,
one-line Base64 NOIDUNGFILE holding an inner UTF-8 table (XML1 TONG_HOP, XML2 CHITIEU_CHITIET_THUOC,
XML3 CHITIEU_CHITIET_DVKT_VTYT), and an empty CHUKYDONVI last.

    gen_claims.py --out DIR --count N [--large K] [--large-min-mb 5 --large-max-mb 15] [--seed S]
                  [--prefix claim_] [--bom-every M] [--selfclosing-every M]

Normal files (claim_000001.xml ...) hold one HOSO and weigh about 8 KB; large files (large_01.xml ...)
hold as many HOSO as it takes to reach a size drawn between --large-min-mb and --large-max-mb.
Output is a pure function of the arguments (same seed, same bytes). Standard library only, Python >= 3.9.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import sys
from typing import Optional

BOM = b"\xef\xbb\xbf"
XML_DECL = '<?xml version="1.0" encoding="utf-8"?>\n'
ROOT_OPEN = ('<GIAMDINHHS xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n')

# ---------------------------------------------------------------------------------------------
# Fake data pools (combinations of common Vietnamese name parts; no real person is described)
# ---------------------------------------------------------------------------------------------
HO = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "PHAN", "VŨ", "VÕ", "ĐẶNG", "BÙI", "ĐỖ",
      "HỒ", "NGÔ", "DƯƠNG", "LÝ"]
DEM = ["VĂN", "THỊ", "HỮU", "ĐỨC", "MINH", "THANH", "NGỌC", "QUỐC", "XUÂN", "THU", "KIM", "GIA"]
TEN = ["AN", "BÌNH", "CHÂU", "DŨNG", "GIANG", "HÀ", "HẢI", "HẠNH", "HÙNG", "HƯƠNG", "KHÁNH", "LAN",
       "LINH", "LONG", "MAI", "NAM", "NGA", "PHÚC", "QUÂN", "SƠN", "THẢO", "TRANG", "TUẤN", "YẾN"]
DUONG = ["Đường Mẫu", "Phố Thử Nghiệm", "Ngõ Giả Định", "Đường Số Ảo", "Hẻm Không Tên"]
XA = ["Xã Thử Nghiệm", "Phường Mẫu", "Thị trấn Giả Định", "Xã Không Có Thật"]
HUYEN = ["Huyện Giả Định", "Quận Mẫu", "Thị xã Thử Nghiệm"]
TINH = ["Tỉnh Không Có Thật", "Tỉnh Mẫu", "Thành phố Giả Định"]
# (ICD-10 code, admission diagnosis, discharge diagnosis, reason for visit)
BENH = [
    ("J06.9", "Theo dõi nhiễm trùng hô hấp trên (mẫu)", "Nhiễm trùng đường hô hấp trên cấp (mẫu)",
     "Sốt, ho {n} ngày (dữ liệu mẫu)"),
    ("K29.7", "Đau thượng vị chưa rõ nguyên nhân (mẫu)", "Viêm dạ dày, không đặc hiệu (mẫu)",
     "Đau bụng {n} ngày (dữ liệu mẫu)"),
    ("I10", "Theo dõi tăng huyết áp (mẫu)", "Tăng huyết áp vô căn (mẫu)",
     "Đau đầu, chóng mặt {n} ngày (dữ liệu mẫu)"),
    ("E11.9", "Theo dõi đái tháo đường (mẫu)", "Đái tháo đường typ 2 không biến chứng (mẫu)",
     "Khám định kỳ, mệt mỏi {n} ngày (dữ liệu mẫu)"),
    ("M54.5", "Đau vùng thắt lưng (mẫu)", "Đau thắt lưng (mẫu)",
     "Đau lưng {n} ngày (dữ liệu mẫu)"),
]
# (name, unit, strength, dosage form, unit price)
THUOC = [
    ("Thuốc mẫu A (paracetamol, dữ liệu giả)", "Viên", "500mg", "Viên nén", 500),
    ("Thuốc mẫu B (amoxicilin, dữ liệu giả)", "Viên", "500mg", "Viên nang", 1200),
    ("Thuốc mẫu C (omeprazol, dữ liệu giả)", "Viên", "20mg", "Viên nang", 900),
    ("Thuốc mẫu D (amlodipin, dữ liệu giả)", "Viên", "5mg", "Viên nén", 350),
    ("Thuốc mẫu E (metformin, dữ liệu giả)", "Viên", "850mg", "Viên nén bao phim", 650),
    ("Thuốc mẫu G (natri clorid 0,9%, dữ liệu giả)", "Chai", "500ml", "Dung dịch tiêm truyền", 9800),
]
# (name, group, unit price)
DVKT = [
    ("Khám Nội (dịch vụ mẫu, mã giả)", 13, 34500),
    ("Tổng phân tích tế bào máu (dịch vụ mẫu, mã giả)", 1, 46200),
    ("Định lượng Glucose máu (dịch vụ mẫu, mã giả)", 1, 21500),
    ("Chụp X-quang ngực thẳng (dịch vụ mẫu, mã giả)", 2, 65400),
    ("Siêu âm ổ bụng (dịch vụ mẫu, mã giả)", 2, 43900),
    ("Điện tâm đồ (dịch vụ mẫu, mã giả)", 3, 32800),
]


# ---------------------------------------------------------------------------------------------
# Inner tables
# ---------------------------------------------------------------------------------------------
def _field(name: str, value, cdata: bool = False, indent: str = "  ") -> str:
    if value is None or value == "":
        return f"{indent}<{name}/>\n"
    text = f"<![CDATA[{value}]]>" if cdata else str(value)
    return f"{indent}<{name}>{text}</{name}>\n"


def _table(fields, indent: str) -> str:
    return "".join(_field(n, v, c, indent) for n, v, c in fields)


class Episode:
    """One treatment episode (one MA_LK): the data shared by its XML1, XML2 and XML3 tables."""

    def __init__(self, rng: random.Random, day: str, seq: int, stt: int, macskcb: str,
                 n_thuoc: int, n_dvkt: int):
        self.rng = rng
        self.day = day
        self.ma_lk = f"SYN-{day}-{seq:06d}"
        self.stt = stt
        self.macskcb = macskcb
        self.seq = seq
        self.benh = rng.choice(BENH)
        self.vao_h = rng.randint(7, 10)
        self.vao_m = rng.randint(0, 59)
        self.bac_si = f"{rng.randint(1, 999999):06d}/SYN-CCHN"
        self.thuoc = [self._thuoc_row(i + 1) for i in range(n_thuoc)]
        self.dvkt = [self._dvkt_row(i + 1) for i in range(n_dvkt)]

    def _ts(self, add_min: int) -> str:
        total = self.vao_h * 60 + self.vao_m + add_min
        return f"{self.day}{min(total // 60, 23):02d}{total % 60:02d}"

    def _thuoc_row(self, stt: int):
        name, dvt, ham_luong, dang, gia = self.rng.choice(THUOC)
        sl = self.rng.randint(1, 30)
        tien = sl * gia
        return stt, name, dvt, ham_luong, dang, gia, sl, tien

    def _dvkt_row(self, stt: int):
        name, nhom, gia = DVKT[0] if stt == 1 else self.rng.choice(DVKT[1:])
        return stt, name, nhom, gia

    def xml1(self) -> str:
        r = self.rng
        ma, vao, rv, lydo = self.benh
        t_thuoc = sum(row[7] for row in self.thuoc)
        t_dvkt = sum(row[3] for row in self.dvkt)
        tong = t_thuoc + t_dvkt
        bncct = tong // 5
        ho_ten = f"{r.choice(HO)} {r.choice(DEM)} {r.choice(TEN)}"
        dia_chi = (f"Số {r.randint(1, 399)} {r.choice(DUONG)}, {r.choice(XA)}, {r.choice(HUYEN)}, "
                   f"{r.choice(TINH)}")
        gioi = r.randint(1, 2)
        ngay_sinh = f"{r.randint(1940, 2020)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}0000"
        so = self.seq % 100000
        fields = [
            ("MA_LK", self.ma_lk, False), ("STT", self.stt, False),
            ("MA_BN", f"SYN-BN{self.seq:06d}", False), ("HO_TEN", ho_ten, True),
            ("SO_CCCD", f"0990990{so:05d}", False), ("NGAY_SINH", ngay_sinh, False),
            ("GIOI_TINH", gioi, False), ("NHOM_MAU", None, False), ("MA_QUOCTICH", "000", False),
            ("MA_DANTOC", "01", False), ("MA_NGHE_NGHIEP", "00000", False), ("DIA_CHI", dia_chi, True),
            ("MATINH_CU_TRU", "99", False), ("MAHUYEN_CU_TRU", "999", False),
            ("MAXA_CU_TRU", "99999", False), ("DIEN_THOAI", None, False),
            ("MA_THE_BHYT", f"GD49999999{so:05d}", False), ("MA_DKBD", self.macskcb, False),
            ("GT_THE_TU", f"{self.day[:4]}0101", False), ("GT_THE_DEN", f"{self.day[:4]}1231", False),
            ("NGAY_MIEN_CCT", None, False), ("LY_DO_VV", lydo.format(n=r.randint(1, 7)), True),
            ("LY_DO_VNT", None, False), ("MA_LY_DO_VNT", None, False), ("CHAN_DOAN_VAO", vao, True),
            ("CHAN_DOAN_RV", rv, True), ("MA_BENH_CHINH", ma, False), ("MA_BENH_KT", None, False),
            ("MA_BENH_YHCT", None, False), ("MA_PTTT_QT", None, False),
            ("MA_DOITUONG_KCB", "1.1", False), ("MA_NOI_DI", None, False), ("MA_NOI_DEN", None, False),
            ("MA_TAI_NAN", None, False), ("NGAY_VAO", self._ts(0), False),
            ("NGAY_VAO_NOI_TRU", None, False), ("NGAY_RA", self._ts(135), False),
            ("GIAY_CHUYEN_TUYEN", None, False), ("SO_NGAY_DTRI", 1, False),
            ("PP_DIEU_TRI", "Điều trị nội khoa ngoại trú (mẫu)", True), ("KET_QUA_DTRI", 2, False),
            ("MA_LOAI_RV", 1, False), ("GHI_CHU", None, False), ("NGAY_TTOAN", self._ts(150), False),
            ("T_THUOC", t_thuoc, False), ("T_VTYT", 0, False), ("T_TONGCHI_BV", tong, False),
            ("T_TONGCHI_BH", tong, False), ("T_BNTT", 0, False), ("T_BNCCT", bncct, False),
            ("T_BHTT", tong - bncct, False), ("T_NGUONKHAC", 0, False), ("T_BHTT_GDV", 0, False),
            ("NAM_QT", self.day[:4], False), ("THANG_QT", int(self.day[4:6]), False),
            ("MA_LOAI_KCB", "01", False), ("MA_KHOA", "K99", False), ("MA_CSKCB", self.macskcb, False),
            ("MA_KHUVUC", None, False), ("CAN_NANG", f"{r.randint(40, 90)}.00", False),
            ("CAN_NANG_CON", None, False), ("NAM_NAM_LIEN_TUC", None, False),
            ("NGAY_TAI_KHAM", None, False), ("MA_HSBA", None, False),
            ("MA_TTDV", "9999999999", False), ("DU_PHONG", None, False),
        ]
        return XML_DECL + "<TONG_HOP>\n" + _table(fields, "  ") + "</TONG_HOP>\n"

    def xml2(self) -> str:
        rows = []
        for stt, name, dvt, ham_luong, dang, gia, sl, tien in self.thuoc:
            bncct = tien // 5
            fields = [
                ("MA_LK", self.ma_lk, False), ("STT", stt, False),
                ("MA_THUOC", f"40.{999 - stt + 1}", False), ("MA_PP_CHEBIEN", None, False),
                ("MA_CSKCB_THUOC", None, False), ("MA_NHOM", 4, False), ("TEN_THUOC", name, False),
                ("DON_VI_TINH", dvt, False), ("HAM_LUONG", ham_luong, False),
                ("DUONG_DUNG", "1.01", False), ("DANG_BAO_CHE", dang, False),
                ("LIEU_DUNG", "2 viên/lần x 2 lần/ngày (mẫu)", False),
                ("CACH_DUNG", "Uống sau ăn", False), ("SO_DANG_KY", "VD-00000-00", False),
                ("TT_THAU", "000/QĐ-SYN;G1;N4;2025", False), ("PHAM_VI", 1, False),
                ("TYLE_TT_BH", 100, False), ("SO_LUONG", sl, False), ("DON_GIA", gia, False),
                ("THANH_TIEN_BV", tien, False), ("THANH_TIEN_BH", tien, False),
                ("T_NGUONKHAC_NSNN", 0, False), ("T_NGUONKHAC_VTNN", 0, False),
                ("T_NGUONKHAC_VTTN", 0, False), ("T_NGUONKHAC_CL", 0, False),
                ("T_NGUONKHAC", 0, False), ("MUC_HUONG", 80, False), ("T_BNTT", 0, False),
                ("T_BNCCT", bncct, False), ("T_BHTT", tien - bncct, False), ("MA_KHOA", "K99", False),
                ("MA_BAC_SI", self.bac_si, False), ("MA_DICH_VU", None, False),
                ("NGAY_YL", self._ts(45), False), ("NGAY_TH_YL", self._ts(75), False),
                ("MA_PTTT", 1, False), ("NGUON_CTRA", 1, False), ("VET_THUONG_TP", None, False),
                ("DU_PHONG", None, False),
            ]
            rows.append("    <CHI_TIET_THUOC>\n" + _table(fields, "      ") + "    </CHI_TIET_THUOC>\n")
        return (XML_DECL + "<CHITIEU_CHITIET_THUOC>\n  <DSACH_CHI_TIET_THUOC>\n" + "".join(rows)
                + "  </DSACH_CHI_TIET_THUOC>\n</CHITIEU_CHITIET_THUOC>\n")

    def xml3(self) -> str:
        rows = []
        for stt, name, nhom, gia in self.dvkt:
            bncct = gia // 5
            fields = [
                ("MA_LK", self.ma_lk, False), ("STT", stt, False),
                ("MA_DICH_VU", f"99.{10000 - stt}", False), ("MA_PTTT_QT", None, False),
                ("MA_VAT_TU", None, False), ("MA_NHOM", nhom, False), ("GOI_VTYT", None, False),
                ("TEN_VAT_TU", None, False), ("TEN_DICH_VU", name, False), ("MA_XANG_DAU", None, False),
                ("DON_VI_TINH", "Lần", False), ("PHAM_VI", 1, False), ("SO_LUONG", 1, False),
                ("DON_GIA_BV", gia, False), ("DON_GIA_BH", gia, False), ("TT_THAU", None, False),
                ("TYLE_TT_DV", 100, False), ("TYLE_TT_BH", 100, False), ("THANH_TIEN_BV", gia, False),
                ("THANH_TIEN_BH", gia, False), ("T_TRANTT", None, False), ("MUC_HUONG", 80, False),
                ("T_NGUONKHAC_NSNN", 0, False), ("T_NGUONKHAC_VTNN", 0, False),
                ("T_NGUONKHAC_VTTN", 0, False), ("T_NGUONKHAC_CL", 0, False),
                ("T_NGUONKHAC", 0, False), ("T_BNTT", 0, False), ("T_BNCCT", bncct, False),
                ("T_BHTT", gia - bncct, False), ("MA_KHOA", "K99", False), ("MA_GIUONG", None, False),
                ("MA_BAC_SI", self.bac_si, False),
                ("NGUOI_THUC_HIEN", f"{self.rng.randint(1, 999999):06d}/SYN-CCHN", False),
                ("MA_BENH", self.benh[0], False), ("MA_BENH_YHCT", None, False),
                ("NGAY_YL", self._ts(5), False), ("NGAY_TH_YL", self._ts(10), False),
                ("NGAY_KQ", self._ts(95) if stt > 1 else None, False), ("MA_PTTT", 1, False),
                ("VET_THUONG_TP", None, False), ("PP_VO_CAM", None, False),
                ("VI_TRI_TH_DVKT", None, False), ("MA_MAY", None, False), ("MA_HIEU_SP", None, False),
                ("TAI_SU_DUNG", None, False), ("DU_PHONG", None, False),
            ]
            rows.append("    <CHI_TIET_DVKT>\n" + _table(fields, "      ") + "    </CHI_TIET_DVKT>\n")
        return (XML_DECL + "<CHITIEU_CHITIET_DVKT_VTYT>\n  <DSACH_CHI_TIET_DVKT>\n" + "".join(rows)
                + "  </DSACH_CHI_TIET_DVKT>\n</CHITIEU_CHITIET_DVKT_VTYT>\n")


# ---------------------------------------------------------------------------------------------
# Envelope
# ---------------------------------------------------------------------------------------------
def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def hoso_block(ep: Episode) -> str:
    parts = ["      <HOSO>\n"]
    for loai, inner in (("XML1", ep.xml1()), ("XML2", ep.xml2()), ("XML3", ep.xml3())):
        parts.append(f"        <FILEHOSO>\n          <LOAIHOSO>{loai}</LOAIHOSO>\n"
                     f"          <NOIDUNGFILE>{_b64(inner)}</NOIDUNGFILE>\n        </FILEHOSO>\n")
    parts.append("      </HOSO>\n")
    return "".join(parts)


def envelope(macskcb: str, day: str, hoso: list[str], selfclosing: bool) -> str:
    slot = "  <CHUKYDONVI/>\n" if selfclosing else "  <CHUKYDONVI></CHUKYDONVI>\n"
    return (XML_DECL + ROOT_OPEN
            + f"  <THONGTINDONVI>\n    <MACSKCB>{macskcb}</MACSKCB>\n  </THONGTINDONVI>\n"
            + f"  <THONGTINHOSO>\n    <NGAYLAP>{day}</NGAYLAP>\n"
            + f"    <SOLUONGHOSO>{len(hoso)}</SOLUONGHOSO>\n    <DANHSACHHOSO>\n"
            + "".join(hoso)
            + "    </DANHSACHHOSO>\n  </THONGTINHOSO>\n"
            + slot + "</GIAMDINHHS>\n")


def _file_rng(seed: int, kind: str, index: int) -> random.Random:
    # A string seed is hashed with SHA-512 by random.seed (version 2): stable across runs and
    # independent of PYTHONHASHSEED, and each file can be regenerated on its own.
    return random.Random(f"kyso-gen-claims:{seed}:{kind}:{index}")


def _facility_and_day(rng: random.Random) -> tuple[str, str]:
    macskcb = f"99{rng.randint(0, 999):03d}"
    day = f"2025{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return macskcb, day


def _row_counts(rng: random.Random) -> tuple[int, int]:
    # One drug and one service row give ~8 KB; sometimes a second row of either ("vary a little").
    x = rng.random()
    if x < 0.70:
        return 1, 1
    if x < 0.85:
        return 2, 1
    return 1, 2


def normal_file(seed: int, index: int, selfclosing: bool) -> str:
    rng = _file_rng(seed, "normal", index)
    macskcb, day = _facility_and_day(rng)
    n_thuoc, n_dvkt = _row_counts(rng)
    ep = Episode(rng, day, index, 1, macskcb, n_thuoc, n_dvkt)
    return envelope(macskcb, day, [hoso_block(ep)], selfclosing)


def large_file(seed: int, index: int, min_mb: float, max_mb: float, selfclosing: bool) -> str:
    rng = _file_rng(seed, "large", index)
    macskcb, day = _facility_and_day(rng)
    target = int(rng.uniform(min_mb, max_mb) * 1024 * 1024)
    overhead = len(envelope(macskcb, day, [], selfclosing).encode("utf-8")) + 8
    hoso: list[str] = []
    size = overhead
    while size < target:
        n_thuoc = rng.randint(1, 12)
        n_dvkt = rng.randint(1, 8)
        ep = Episode(rng, day, index * 100000 + len(hoso) + 1, len(hoso) + 1, macskcb, n_thuoc, n_dvkt)
        block = hoso_block(ep)
        hoso.append(block)
        size += len(block)  # the block is ASCII (Base64 + tags): chars == bytes
    return envelope(macskcb, day, hoso, selfclosing)


def _every(m: Optional[int], n: int) -> bool:
    return bool(m) and n % m == 0


def write(path: str, text: str, bom: bool) -> None:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        if bom:
            f.write(BOM)
        f.write(data)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--count", type=int, required=True, help="number of ~8 KB files")
    ap.add_argument("--large", type=int, default=0, help="number of large files")
    ap.add_argument("--large-min-mb", type=float, default=5.0)
    ap.add_argument("--large-max-mb", type=float, default=15.0)
    ap.add_argument("--seed", type=int, default=4750)
    ap.add_argument("--prefix", default="claim_", help="file name prefix of the normal files")
    ap.add_argument("--bom-every", type=int, default=0, metavar="M",
                    help="every M-th file starts with a UTF-8 BOM")
    ap.add_argument("--selfclosing-every", type=int, default=0, metavar="M",
                    help="every M-th file has <CHUKYDONVI/> instead of <CHUKYDONVI></CHUKYDONVI>")
    a = ap.parse_args(argv)
    if a.count < 0 or a.large < 0:
        ap.error("--count and --large must be >= 0")
    if not 0 < a.large_min_mb <= a.large_max_mb:
        ap.error("need 0 < --large-min-mb <= --large-max-mb")
    if a.bom_every < 0 or a.selfclosing_every < 0:
        ap.error("--bom-every and --selfclosing-every must be >= 0")

    os.makedirs(a.out, exist_ok=True)
    for i in range(1, a.count + 1):
        text = normal_file(a.seed, i, _every(a.selfclosing_every, i))
        write(os.path.join(a.out, f"{a.prefix}{i:06d}.xml"), text, _every(a.bom_every, i))
    for k in range(1, a.large + 1):
        text = large_file(a.seed, k, a.large_min_mb, a.large_max_mb, _every(a.selfclosing_every, k))
        write(os.path.join(a.out, f"large_{k:02d}.xml"), text, _every(a.bom_every, k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
