"""Read a rendered HTML form back into POST data, as a browser would submit it."""

from tests import html


def form_data(response, form_id=None, crlf=False):
    """The form's fields as POST data; ``crlf=True`` sends textareas with CRLF, as browsers do."""
    page = html.parse(response.content.decode())
    forms = list(page.iter("form"))
    form = next((f for f in forms if f.attrs.get("id") == form_id), None) if form_id else None
    form = form or max(forms, key=lambda f: sum(1 for _ in f.iter()))
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or node.attrs.get("disabled") is not None:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in node.attrs:
                    data.setdefault(name, []).append(node.attrs.get("value", "on"))
                continue
            data[name] = node.attrs.get("value", "")
        elif node.tag == "textarea":
            data[name] = "".join(child for child in node.children if isinstance(child, str))
            data[name] = data[name].removeprefix("\n")
            if crlf:
                data[name] = data[name].replace("\n", "\r\n")
        elif node.tag == "select":
            options = list(node.iter("option"))
            chosen = [o.attrs.get("value", o.text()) for o in options if "selected" in o.attrs]
            if "multiple" in node.attrs:
                data[name] = chosen
            else:
                data[name] = (
                    chosen[0] if chosen else (options[0].attrs.get("value", "") if options else "")
                )
    return data
