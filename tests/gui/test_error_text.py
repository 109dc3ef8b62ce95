"""Error sentences are a table of source texts, translated when shown: a language switch changes
the next message at once, for the app's own codes and the clinic database's alike."""

from __future__ import annotations

from picproof.core.errors import PicProofError
from picproof.gui.error_text import describe
from picproof.gui.translation import install_language


def test_error_sentences_follow_the_language_switch(qapp_ready: object) -> None:
    folder = PicProofError("folder-missing", path="/photos")
    clinic = PicProofError("clinic-no-database", server="db.clinic")
    assert describe(folder) == "The folder /photos does not exist. Is the drive connected?"
    assert describe(clinic) == "The clinic server db.clinic has no such database."
    assert install_language("zh_CN")
    assert describe(folder) == "文件夹 /photos 不存在。磁盘是否已连接？"
    assert describe(clinic) == "诊所服务器 db.clinic 上没有这个数据库。"
    install_language("en")
    assert describe(folder).startswith("The folder /photos")


def test_a_code_without_a_sentence_gets_its_family_or_the_general_one(qapp_ready: object) -> None:
    assert "could not be saved" in describe(PicProofError("capture-something-new"))
    assert describe(PicProofError("tsa-bad-answer")) == describe(PicProofError("timestamp"))
    assert "nothing was changed" in describe(PicProofError("no-such-code"))
