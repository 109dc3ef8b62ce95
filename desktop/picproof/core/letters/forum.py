"""Where the recipient is (the forum), which law a letter cites, and a warning when they differ.

A template's header names the forums whose law it cites (``forums = ["us"]``); the user says where
the platform or person is (``forum`` field: ``cn``, ``hk``, ``us``, ``eu`` or ``other``), or it is
taken from a platform PicProof knows, with the reason given. A letter whose law does not fit the
forum is still produced (the user may know better), with a warning in the CLI and the wizard.
"""

from __future__ import annotations

from dataclasses import dataclass

from picproof.core.errors import LetterError

FORUMS: tuple[str, ...] = ("cn", "hk", "us", "eu", "other")

#: Platforms whose operator for ordinary users is plainly in one forum (lower-case name -> forum).
#: Only unambiguous cases: a platform run from several places (TikTok, Telegram) is asked about.
KNOWN_PLATFORMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "taobao",
            "淘宝",
            "tmall",
            "天猫",
            "jd",
            "jd.com",
            "京东",
            "pinduoduo",
            "拼多多",
            "douyin",
            "抖音",
            "kuaishou",
            "快手",
            "weibo",
            "微博",
            "wechat",
            "微信",
            "xiaohongshu",
            "小红书",
            "momo",
            "陌陌",
            "tantan",
            "探探",
            "bilibili",
            "哔哩哔哩",
            "1688",
            "xianyu",
            "闲鱼",
            "zhihu",
            "知乎",
            "baidu",
            "百度",
            "qq",
            "dianping",
            "大众点评",
            "soul",
        ),
        "cn",
    ),
    **dict.fromkeys(
        (
            "instagram",
            "facebook",
            "tinder",
            "bumble",
            "hinge",
            "etsy",
            "ebay",
            "amazon",
            "amazon.com",
            "x",
            "twitter",
            "youtube",
            "pinterest",
            "reddit",
            "tumblr",
            "flickr",
            "linkedin",
            "snapchat",
            "okcupid",
            "match.com",
            "shopify",
        ),
        "us",
    ),
    **dict.fromkeys(("vinted", "allegro", "zalando", "bol.com", "marktplaats"), "eu"),
}


@dataclass(frozen=True)
class ForumChoice:
    forum: str
    reason: str
    """``given`` (the user said), ``platform`` (a known platform), or empty when unknown."""
    platform: str = ""


def check_forum(value: str) -> str:
    text = value.strip().lower()
    if text not in FORUMS:
        raise LetterError("bad-forum", value=value, known=", ".join(FORUMS))
    return text


def forum_of_platform(platform: str) -> str | None:
    return KNOWN_PLATFORMS.get(platform.strip().lower())


def choose_forum(given: str, platform: str) -> ForumChoice:
    if given.strip():
        return ForumChoice(check_forum(given), "given", platform)
    found = forum_of_platform(platform) if platform else None
    if found:
        return ForumChoice(found, "platform", platform)
    return ForumChoice("", "", platform)


@dataclass(frozen=True)
class ForumWarning:
    code: str
    """``dmca-not-us``, ``eu-notice-not-eu``, ``cn-law-not-cn`` or ``law-not-forum``."""
    forum: str
    letter_forums: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "forum": self.forum, "letter_forums": list(self.letter_forums)}


def forum_warnings(type_id: str, letter_forums: tuple[str, ...], forum: str) -> list[ForumWarning]:
    """A warning when the law the letter cites is not the law where the recipient is."""
    if not forum or not letter_forums or forum in letter_forums:
        return []
    if type_id == "dmca":
        code = "dmca-not-us"
    elif type_id == "eu-notice":
        code = "eu-notice-not-eu"
    elif letter_forums == ("cn",):
        code = "cn-law-not-cn"
    else:
        code = "law-not-forum"
    return [ForumWarning(code, forum, letter_forums)]
