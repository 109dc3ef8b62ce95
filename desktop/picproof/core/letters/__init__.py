"""Letters and legal notices: template files, the filled context, the element check.

The types live in ``model``, template files in ``template_file`` and ``catalog``, filling in
``context``, the element check in ``rules``, rendering in ``render``; import from those modules.
"""
