//! The package: `META-INF/container.xml` names the package document (OPF),
//! which lists the book's files (manifest), their reading order (spine) and
//! what the book says about itself (metadata). Also `META-INF/encryption.xml`,
//! which says whether the book can be read at all.

use std::collections::HashMap;

use super::archive::{self, Outside};
use super::markup::{Token, Tokenizer, collapse};

/// One file of the manifest.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// The href as the manifest gives it (for messages).
    pub href: String,
    /// Its entry path in the archive, or why it has none.
    pub path: Result<String, Outside>,
    /// `media-type`, lowercase.
    pub media_type: String,
    /// `properties` (EPUB 3: `nav`, `cover-image`, …).
    pub properties: String,
    /// The id of the item to read instead when this one cannot be.
    pub fallback: Option<String>,
}

impl Item {
    /// Whether the item is an (X)HTML document.
    pub fn is_html(&self) -> bool {
        matches!(
            self.media_type.as_str(),
            "application/xhtml+xml" | "text/html" | "application/x-dtbook+xml" | "text/x-oeb1-document"
        )
    }
}

/// One entry of the spine.
#[derive(Debug, Clone)]
pub(super) struct Itemref {
    /// The manifest id it names.
    pub idref: String,
    /// `linear="no"` makes it false.
    pub linear: bool,
}

/// A parsed package document.
#[derive(Debug, Default)]
pub(super) struct Package {
    /// Manifest items by id.
    pub items: HashMap<String, Item>,
    /// Manifest ids in document order.
    pub order: Vec<String>,
    /// The reading order.
    pub spine: Vec<Itemref>,
    /// Whether the package has a `spine` element at all.
    pub has_spine: bool,
    /// The spine's `toc` attribute: the NCX's id (EPUB 2).
    pub ncx: Option<String>,
    /// `page-progression-direction="rtl"`.
    pub right_to_left: bool,
    /// The main `dc:title`.
    pub title: Option<String>,
    /// The authors (`dc:creator`), as spelled.
    pub authors: Vec<String>,
    /// The first `dc:language`.
    pub language: Option<String>,
}

/// The package document's path named by `container.xml`: its first
/// `rootfile` of media type `application/oebps-package+xml`, else its
/// first `rootfile`.
pub(super) fn rootfile(container: &str) -> Option<String> {
    let mut tokens = Tokenizer::new(container);
    let mut first = None;
    while let Some(token) = tokens.next_token() {
        if let Token::Start(tag) = token
            && tag.is("rootfile")
            && let Some(path) = tag.attr("full-path").filter(|p| !p.trim().is_empty())
        {
            let media = tag.attr("media-type").unwrap_or_default();
            if media.trim().eq_ignore_ascii_case("application/oebps-package+xml") {
                return Some(path);
            }
            first.get_or_insert(path);
        }
    }
    first
}

/// Parse the package document at `path` (hrefs are relative to it).
pub(super) fn parse(text: &str, path: &str) -> Package {
    let base = archive::dir_of(path);
    let mut package = Package::default();
    let mut tokens = Tokenizer::new(text);
    // dc:title and dc:creator with their ids; refinements by id.
    let mut titles: Vec<(Option<String>, String)> = Vec::new();
    let mut creators: Vec<(Option<String>, Option<String>, String)> = Vec::new();
    let mut refinements: HashMap<(String, String), String> = HashMap::new();
    while let Some(token) = tokens.next_token() {
        let Token::Start(tag) = token else { continue };
        match tag.name().to_ascii_lowercase().as_str() {
            "title" if !tag.empty => {
                let id = tag.attr("id");
                let title = tokens.inner_text(tag.name());
                titles.push((id, title));
            }
            "creator" if !tag.empty => {
                let id = tag.attr("id");
                let role = tag.attr("role");
                let name = tokens.inner_text(tag.name());
                creators.push((id, role, name));
            }
            "language" if !tag.empty => {
                let language = tokens.inner_text(tag.name());
                if package.language.is_none() && !language.is_empty() {
                    package.language = Some(language);
                }
            }
            "meta" if !tag.empty => {
                if let (Some(refines), Some(property)) = (tag.attr("refines"), tag.attr("property")) {
                    let value = tokens.inner_text(tag.name());
                    let id = refines.trim().trim_start_matches('#').to_owned();
                    refinements.entry((id, property.trim().to_owned())).or_insert(value);
                }
            }
            "item" => {
                let (Some(id), Some(href)) = (tag.attr("id"), tag.attr("href")) else { continue };
                let item = Item {
                    path: archive::resolve(base, &href).map(|(path, _)| path),
                    href,
                    media_type: tag.attr("media-type").unwrap_or_default().trim().to_ascii_lowercase(),
                    properties: tag.attr("properties").unwrap_or_default(),
                    fallback: tag.attr("fallback"),
                };
                if !package.items.contains_key(&id) {
                    package.order.push(id.clone());
                    package.items.insert(id, item);
                }
            }
            "spine" => {
                package.has_spine = true;
                package.ncx = tag.attr("toc");
                package.right_to_left =
                    tag.attr("page-progression-direction").is_some_and(|d| d.trim().eq_ignore_ascii_case("rtl"));
            }
            "itemref" => {
                if let Some(idref) = tag.attr("idref") {
                    let linear = !tag.attr("linear").is_some_and(|l| l.trim().eq_ignore_ascii_case("no"));
                    package.spine.push(Itemref { idref, linear });
                }
            }
            _ => {}
        }
    }
    let refined = |id: &Option<String>, property: &str| {
        id.as_ref().and_then(|id| refinements.get(&(id.clone(), property.to_owned()))).map(|v| v.trim().to_owned())
    };
    let main = titles.iter().find(|(id, _)| refined(id, "title-type").as_deref() == Some("main"));
    package.title = main.or(titles.first()).map(|(_, t)| t.clone()).filter(|t| !t.is_empty());
    // Authors: creators whose role is `aut` or not given; all creators when
    // every one has another role.
    let role = |(id, role, _): &(Option<String>, Option<String>, String)| {
        role.clone().or_else(|| refined(id, "role")).map(|r| r.trim().to_ascii_lowercase())
    };
    let authors: Vec<String> = creators
        .iter()
        .filter(|c| role(c).is_none_or(|r| r == "aut"))
        .map(|c| c.2.clone())
        .filter(|n| !n.is_empty())
        .collect();
    package.authors = if authors.is_empty() {
        creators.into_iter().map(|c| c.2).filter(|n| !n.is_empty()).collect()
    } else {
        authors
    };
    package
}

/// Font obfuscation algorithms (IDPF, Adobe): they hide fonts, not text.
const FONT_OBFUSCATION: [&str; 2] = ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"];

/// What `META-INF/encryption.xml` encrypts that is not a font hidden by
/// font obfuscation (which emaki, never drawing the book's fonts, ignores):
/// `Some(uri)` means the book is DRM-protected.
pub(super) fn encrypted_content(encryption: &str) -> Option<String> {
    let mut tokens = Tokenizer::new(encryption);
    let mut algorithm: Option<String> = None;
    let mut in_data = false;
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Start(tag) if tag.is("EncryptedData") => {
                in_data = true;
                algorithm = None;
            }
            Token::Start(tag) if in_data && tag.is("EncryptionMethod") => algorithm = tag.attr("Algorithm"),
            Token::Start(tag) if in_data && tag.is("CipherReference") => {
                let uri = tag.attr("URI").unwrap_or_default();
                let font_algorithm = algorithm.as_deref().is_some_and(|a| FONT_OBFUSCATION.contains(&a.trim()));
                if !(font_algorithm && is_font(&uri)) {
                    return Some(collapse(&uri));
                }
            }
            Token::End(name) if name.eq_ignore_ascii_case("EncryptedData") => in_data = false,
            _ => {}
        }
    }
    None
}

fn is_font(uri: &str) -> bool {
    let lower = uri.to_ascii_lowercase();
    [".otf", ".ttf", ".woff", ".woff2", ".ttc", ".otc", ".fnt"].iter().any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_the_package() {
        let c = r#"<container><rootfiles><rootfile full-path="a.pdf" media-type="application/pdf"/>
                   <rootfile full-path="OPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
        assert_eq!(rootfile(c).as_deref(), Some("OPS/package.opf"));
        assert_eq!(rootfile("<container/>"), None);
    }

    #[test]
    fn metadata_manifest_and_spine_are_read() {
        let opf = r##"<package><metadata xmlns:dc="x">
            <dc:title id="sub">Sub</dc:title><meta refines="#sub" property="title-type">subtitle</meta>
            <dc:title id="t">草枕</dc:title><meta refines="#t" property="title-type">main</meta>
            <dc:creator id="a">夏目 漱石</dc:creator><meta refines="#a" property="role">aut</meta>
            <dc:creator opf:role="ill">Someone</dc:creator>
            <dc:language>ja</dc:language></metadata>
            <manifest><item id="c1" href="text/ch%201.xhtml" media-type="application/xhtml+xml"/>
            <item id="bad" href="../../x" media-type="text/html"/></manifest>
            <spine toc="ncx" page-progression-direction="rtl"><itemref idref="c1"/><itemref idref="bad" linear="no"/></spine></package>"##;
        let p = parse(opf, "OPS/package.opf");
        assert_eq!(p.title.as_deref(), Some("草枕"));
        assert_eq!(p.authors, ["夏目 漱石"]);
        assert_eq!(p.language.as_deref(), Some("ja"));
        assert!(p.right_to_left && p.has_spine);
        assert_eq!(p.ncx.as_deref(), Some("ncx"));
        assert_eq!(p.items["c1"].path.as_deref(), Ok("OPS/text/ch 1.xhtml"));
        assert_eq!(p.items["bad"].path, Err(Outside::AboveRoot));
        assert_eq!(p.spine.iter().map(|i| i.linear).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn font_obfuscation_is_not_drm_but_encrypted_text_is() {
        let fonts = r#"<encryption><EncryptedData><EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
            <CipherData><CipherReference URI="OPS/fonts/a.otf"/></CipherData></EncryptedData></encryption>"#;
        assert_eq!(encrypted_content(fonts), None);
        let drm = r#"<enc:encryption><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
            <enc:CipherData><enc:CipherReference URI="OPS/ch1.xhtml"/></enc:CipherData></enc:EncryptedData></enc:encryption>"#;
        assert_eq!(encrypted_content(drm).as_deref(), Some("OPS/ch1.xhtml"));
        let obfuscated_text = fonts.replace("fonts/a.otf", "ch1.xhtml");
        assert!(encrypted_content(&obfuscated_text).is_some());
    }
}
