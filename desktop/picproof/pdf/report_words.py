"""The words of the bundle's evidence report, in the case's language (en, zh_CN).

A Chinese case gets a Chinese report: a 公证处, a court or a platform's reviewer reads the labels.
Codes (evidence kinds, sources, decisions) are shown in words too.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "title": "Evidence report: {title}",
    "case_line": "Case {uid} · kind {kind} · status {status} · operator {operator} · generated "
    "{generated} by PicProof {version}",
    "log_line": "Custody log: {count} entries, head hash",
    "platforms": "Platforms",
    "accounts": "Accounts",
    "index": "Evidence index",
    "cols": "#|Picture|Item|Source|Acquired|SHA-256|Trusted timestamp",
    "bytes": "{n} bytes",
    "camera": "camera {v}",
    "exif_time": "EXIF time {v}",
    "note": "note: {v}",
    "file": "file: {v}",
    "url": "url",
    "platform": "platform",
    "account": "account",
    "path": "path",
    "original_name": "file name",
    "utc": "UTC {v}",
    "local": "local {v}",
    "by": "by {v}",
    "modified": "file modified {v}",
    "not_stamped": "not yet timestamped",
    "serial": "serial {v}",
    "matches": "Matches",
    "match_cols": "Suspect file|Original|Level|Score|Region|Decision",
    "how": "How to check: see VERIFY.md in this bundle. Every file's SHA-256 is listed in "
    "manifest.json and SHA256SUMS; each trusted timestamp token (timestamps/*.tsr) can be checked "
    "with openssl ts -verify. A timestamp proves the file existed unchanged at that time; it does "
    "not by itself prove what the page showed when it was captured.",
}

ZH: dict[str, str] = {
    "title": "证据报告：{title}",
    "case_line": "案件 {uid} · 类型 {kind} · 状态 {status} · 取证人 {operator} · 生成时间 "
    "{generated}（PicProof {version}）",
    "log_line": "保管日志：共 {count} 条，末条哈希值",
    "platforms": "平台",
    "accounts": "账号",
    "index": "证据目录",
    "cols": "序号|图片|证据|来源|取得时间|SHA-256 哈希值|可信时间戳",
    "bytes": "{n} 字节",
    "camera": "拍摄设备 {v}",
    "exif_time": "EXIF 拍摄时间 {v}",
    "note": "备注：{v}",
    "file": "包内文件：{v}",
    "url": "网址",
    "platform": "平台",
    "account": "账号",
    "path": "本机路径",
    "original_name": "原文件名",
    "utc": "UTC {v}",
    "local": "本地时间 {v}",
    "by": "取证人 {v}",
    "modified": "文件修改时间 {v}",
    "not_stamped": "尚未加盖时间戳",
    "serial": "序列号 {v}",
    "matches": "比对结果",
    "match_cols": "涉嫌侵权文件|原图|匹配级别|得分|区域|确认结果",
    "how": "核验方法：见本证据包中的 VERIFY.md。每个文件的 SHA-256 哈希值列于 manifest.json 和 "
    "SHA256SUMS；每个可信时间戳文件（timestamps/*.tsr）可用 openssl ts -verify 核验。时间戳证明文件"
    "在该时间已存在且此后未被修改，但其本身不能证明取证时网页显示的内容。",
}

CODES_ZH: dict[str, str] = {
    "suspect": "涉嫌侵权截图",
    "original": "权利人原图",
    "page": "网页",
    "page-image": "网页图片",
    "chat": "聊天记录",
    "explanation": "比对说明图",
    "letter": "已发出的函件",
    "identity-document": "身份证件",
    "ownership-proof": "权属证明",
    "authorisation": "授权委托书",
    "other": "其他",
    "file": "本地文件",
    "url": "网页取证",
    "clipboard": "剪贴板",
    "screen-capture": "屏幕截图",
    "generated": "程序生成",
    "bundle-import": "证据包导入",
    "accepted": "已确认",
    "rejected": "已排除",
    "undecided": "未确认",
    "identical": "同一文件",
    "same-photo": "同一张照片",
    "possible": "可能相同",
    "user-linked": "本人手动关联",
    "impersonation": "冒名",
    "product": "商品盗图",
    "open": "处理中",
}


def words(language: str) -> dict[str, str]:
    return ZH if language.startswith("zh") else EN


def code(language: str, value: str) -> str:
    """A code in words for a Chinese report (kinds, sources, decisions); as is otherwise."""
    return CODES_ZH.get(value, value) if language.startswith("zh") else value
