"""The email sign-up panel's form (``email-signup``, :mod:`csnet.blocks`), HTML only.

The panel is a call to action linking to the sign-up page: that is what PDFs, other themes and
a site without a mailing-list provider show. When the theme option ``signup_action`` names the
``https:`` address the provider's form posts to, the link becomes a labelled email field and a
button posting there (field name ``signup_field``, ``email`` by default; Mailchimp's is
``EMAIL``). Browsers check the address without JavaScript; with it, the theme's script says what
is wrong in words beside the field, as GOV.UK forms do.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..locale import N_, _
from ..logs import Warn, warn
from ..order import Writing

MESSAGES = {  # what the theme's script shows beside the field
    "empty": N_("Enter your email address"),
    "invalid": N_("Enter an email address in the right format, like name@example.gov.uk"),
}


def form_html(action: str, field: str, button: str, number: int) -> str:
    """A form a screen reader can fill in: a visible label, the error tied to the field."""
    field_id = f"csnet-signup-{number}"
    label, error = escape(_("Email address")), escape(_("Error:"))
    empty, invalid = escape(_(MESSAGES["empty"])), escape(_(MESSAGES["invalid"]))
    return (
        f'<form class="csnet-signup-form" action="{escape(action)}" method="post" '
        f'data-empty="{empty}" data-invalid="{invalid}">'
        f'<label for="{field_id}">{label}</label>'
        f'<p class="csnet-field-error" id="{field_id}-error" hidden>'
        f'<span class="csnet-visually-hidden">{error} </span><span></span></p>'
        '<span class="csnet-signup-row">'
        f'<input type="email" id="{field_id}" name="{escape(field)}" autocomplete="email" '
        f'spellcheck="false" required aria-describedby="{field_id}-error" />'
        f'<button type="submit">{escape(button)}</button></span></form>')


class SignupForms(SphinxPostTransform):
    """Each sign-up panel's link to the sign-up page becomes the form, when the site has one."""

    default_priority = Writing.SIGNUP_FORMS
    formats = ("html",)

    def run(self, **kwargs) -> None:
        panels = [node for node in self.document.findall(nodes.container)
                  if "csnet-signup" in node.get("classes", ())]
        if not panels or self.config.html_theme != "csnet":
            return
        options = self.config.html_theme_options  # conf.py's: theme.toml's defaults are empty
        action = str(options.get("signup_action") or "").strip()
        field = str(options.get("signup_field") or "").strip() or "email"
        if not action:
            return
        if not action.lower().startswith("https://"):
            warn(Warn.CONFIG, f"the theme option 'signup_action' is {action!r}: the sign-up "
                 "form can only send addresses to an https:// address (your mailing-list "
                 "provider's form address); the panel links to the sign-up page instead",
                 (self.env.docname, panels[0].line))
            return
        for number, panel in enumerate(panels, 1):
            link = next((p for p in panel.children if isinstance(p, nodes.paragraph)
                         and "csnet-action-link" in p.get("classes", ())), None)
            button = link.astext().strip() if link is not None else "Sign up"
            form = nodes.raw("", form_html(action, field, button, number), format="html")
            if link is not None:
                panel.replace(link, form)  # not replace_self: the form takes no link classes
            else:
                panel += form
