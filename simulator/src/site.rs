//! The guide as a static site: each Markdown page as HTML (pulldown-cmark),
//! links between pages rewritten to the HTML files, the path pictures beside
//! them, one stylesheet and one script for search across pages. Nothing is
//! fetched from elsewhere, so the site works offline and from `file://`.
//! Markdown stays the primary output; this is a rendering of the same pages.

use std::collections::BTreeMap;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};
use serde::Serialize;

/// The site's file for a guide page: `README.md` is the index.
pub fn html_name(page: &str) -> String {
    match page {
        "README.md" => "index.html".to_owned(),
        _ => format!("{}.html", page.strip_suffix(".md").unwrap_or(page)),
    }
}

/// A link of the guide, pointed at the site: `X.md` (with any `#anchor`)
/// becomes `X.html`; an address with a scheme is kept only when the scheme
/// is `http`, `https` or `mailto` (anything else, `javascript:` among
/// them, becomes `#`); other links are left alone.
fn rewrite(url: &str) -> Option<String> {
    if let Some((scheme, _)) = url.split_once(':') {
        let is_scheme = !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !scheme.contains(['/', '#', '?']);
        if is_scheme {
            let allowed =
                ["http", "https", "mailto"].iter().any(|s| scheme.eq_ignore_ascii_case(s));
            return (!allowed).then(|| "#".to_owned());
        }
    }
    if url.starts_with('#') || url.starts_with("//") {
        return url.starts_with("//").then(|| "#".to_owned());
    }
    let (path, anchor) = url.split_once('#').map_or((url, None), |(p, a)| (p, Some(a)));
    path.ends_with(".md").then(|| {
        let html = html_name(path);
        anchor.map_or(html.clone(), |a| format!("{html}#{a}"))
    })
}

/// The page's title: its first heading, without Markdown marks.
fn title(markdown: &str) -> String {
    markdown.lines().find_map(|l| l.strip_prefix("# ")).unwrap_or("flowcred guide").replace('`', "")
}

/// One page's body as HTML. Raw HTML in the Markdown is shown as text,
/// never passed through, and links and images keep only the targets
/// [`rewrite`] allows: the guide quotes input (a scenario's comment, its
/// file name), which must stay text.
fn body(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = rewrite(&dest_url).map_or(dest_url, CowStr::from);
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = rewrite(&dest_url).map_or(dest_url, CowStr::from);
            Event::Start(Tag::Image { link_type, dest_url, title, id })
        }
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// What a page may load and run: its own folder's stylesheet, script and
/// pictures, and nothing else; no inline script, no plugin, no form target.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

#[derive(Serialize)]
struct Entry {
    file: String,
    title: String,
    text: String,
}

const STYLE: &str = "\
body { font-family: sans-serif; margin: 0; color: #1f2328; line-height: 1.5; }
header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 0.75rem 1.5rem; }
header a.home { font-weight: bold; margin-right: 1.5rem; }
main { max-width: 62rem; padding: 0 1.5rem 3rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; vertical-align: top; }
pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; }
code { font-size: 0.9em; }
img { max-width: 100%; height: auto; }
#results { margin: 0.5rem 0 0; }
";

/// Search across pages, and a check a browser test reads: every image of
/// the page loaded with a size (`data-images="ok"` on the body).
const SCRIPT: &str = r#"
(function () {
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = '';
    if (!words.length) return;
    var hits = PAGES.filter(function (p) {
      return words.every(function (w) { return p.text.indexOf(w) >= 0; });
    }).slice(0, 20);
    hits.forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = p.file;
      a.textContent = p.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) {
      var li = document.createElement('li');
      li.textContent = 'No page mentions all of these words.';
      list.appendChild(li);
    }
  }
  input.addEventListener('input', search);
  input.form.addEventListener('submit', function (e) { e.preventDefault(); });
  window.addEventListener('load', function () {
    var broken = Array.prototype.filter.call(document.images, function (i) {
      return !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0);
    }).map(function (i) { return i.getAttribute('src'); });
    document.body.setAttribute('data-images', broken.length ? 'broken: ' + broken.join(' ') : 'ok');
  });
})();
"#;

/// The site's files, by name, from the guide's pages.
pub fn site(pages: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut index = Vec::new();
    for (name, text) in pages {
        if !name.ends_with(".md") {
            files.insert(name.clone(), text.clone());
            continue;
        }
        let file = html_name(name);
        let title = title(text);
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} · flowcred guide</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n\
             </head>\n<body>\n<header>\n<a class=\"home\" href=\"index.html\">flowcred guide</a>\n\
             <form role=\"search\"><label for=\"q\">Search the guide</label> \
             <input id=\"q\" type=\"search\" autocomplete=\"off\"></form>\n\
             <ul id=\"results\" aria-live=\"polite\"></ul>\n</header>\n<main>\n{}</main>\n\
             <script src=\"search.js\"></script>\n</body>\n</html>\n",
            crate::escape::html(&title),
            body(text)
        );
        index.push(Entry { file: file.clone(), title, text: text.to_lowercase() });
        files.insert(file, page);
    }
    let pages_json = serde_json::to_string(&index).expect("the index is JSON");
    files.insert("search.js".to_owned(), format!("var PAGES = {pages_json};\n{SCRIPT}"));
    files.insert("style.css".to_owned(), STYLE.to_owned());
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_point_at_the_html() {
        assert_eq!(
            rewrite("FC013-device-not-joined.md").as_deref(),
            Some("FC013-device-not-joined.html")
        );
        assert_eq!(rewrite("README.md#causes").as_deref(), Some("index.html#causes"));
        assert_eq!(rewrite("https://learn.microsoft.com/x.md"), None);
        assert_eq!(rewrite("path-x.svg"), None);
        let pages = BTreeMap::from([
            (
                "README.md".to_owned(),
                "# Guide\n\nSee [FC013](FC013-x.md) and ![p](path-a.svg).\n".to_owned(),
            ),
            (
                "FC013-x.md".to_owned(),
                "# FC013 `x`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".to_owned(),
            ),
            ("path-a.svg".to_owned(), "<svg/>".to_owned()),
        ]);
        let site = site(&pages);
        let index = &site["index.html"];
        assert!(index.contains("<a href=\"FC013-x.html\">FC013</a>"), "{index}");
        assert!(index.contains("<img src=\"path-a.svg\" alt=\"p\""), "{index}");
        assert!(site["FC013-x.html"].contains("<title>FC013 x · flowcred guide</title>"));
        assert!(site["FC013-x.html"].contains("<table>"));
        assert_eq!(site["path-a.svg"], "<svg/>");
        assert!(site["search.js"].starts_with("var PAGES = [{\"file\":\"FC013-x.html\""));
        assert!(!site.values().any(|f| f.contains("http://") || f.contains("https://cdn")));
    }
}
