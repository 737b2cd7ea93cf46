//! Windows Security events for `diagnose --events`: a saved binary log
//! (`.evtx`, read with the `evtx` crate, each record rendered as the XML
//! Windows would export) or the XML `wevtutil qe Security /f:xml` prints.
//! Only the logon events of `artifact::LOGON_EVENT_IDS` are kept.

use std::path::Path;

use flowcred_core::artifact::{LogonEvent, LOGON_EVENT_IDS};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::input;

/// Larger event logs are refused rather than read into memory.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// What a log gave: its logon events, and how many records of a binary
/// log could not be read (a log saved from a running machine often ends in
/// a torn record).
#[derive(Debug, Default)]
pub struct Read {
    pub events: Vec<LogonEvent>,
    pub unreadable: usize,
}

/// The logon events in the file at `path`, or why it cannot be read.
/// A symbolic link is followed as `links` allows.
pub fn read(path: &Path, links: input::Links) -> Result<Read, String> {
    let shown = crate::scenario::display_path(path);
    let bytes = input::read_bounded(path, MAX_BYTES, links).map_err(|e| format!("{shown}: {e}"))?;
    // A parser's message may quote a name from the log: cut it short.
    from_bytes(bytes).map_err(|e| crate::mask::shorten_quoted(&format!("{shown}{e}")))
}

/// The logon events of a log's bytes, binary or XML; an error starts with
/// `:` and the place (`:3:7: …`, or `: …`), for the caller to put the file
/// name before.
pub fn from_bytes(bytes: Vec<u8>) -> Result<Read, String> {
    if bytes.starts_with(EVTX_MAGIC) {
        return from_evtx(bytes).map_err(|e| format!(": {e}"));
    }
    let text =
        input::decode(&bytes).map_err(|e| format!(":{}:{}: {}", e.line, e.column, e.message))?;
    let events = from_xml(&text).map_err(|e| format!(": {e}"))?;
    Ok(Read { events, unreadable: 0 })
}

/// How a binary event log starts.
const EVTX_MAGIC: &[u8] = b"ElfFile\0";

/// The logon events of a binary `.evtx` log. A record the parser cannot
/// read is skipped and counted; a log with no readable record is refused.
fn from_evtx(bytes: Vec<u8>) -> Result<Read, String> {
    // The parser is pure safe Rust, but a hostile log must not take the
    // whole run down with it: a panic inside is an unreadable file.
    let parsed =
        std::panic::catch_unwind(move || -> Result<(Vec<LogonEvent>, usize, usize), String> {
            let settings = evtx::ParserSettings::default().num_threads(1);
            let mut parser = evtx::EvtxParser::from_buffer(bytes)
                .map_err(|e| format!("not a readable .evtx log: {e}"))?
                .with_configuration(settings);
            let (mut out, mut read, mut broken) = (Vec::new(), 0, 0);
            for record in parser.records() {
                let Ok(record) = record else {
                    broken += 1;
                    continue;
                };
                read += 1;
                match from_xml(&record.data) {
                    Ok(events) => out.extend(events),
                    Err(_) => broken += 1,
                }
            }
            Ok((out, read, broken))
        });
    let (events, read, broken) = parsed
        .map_err(|_| "the .evtx parser failed on this file; export it as XML with `wevtutil qe FILE /lf:true /f:xml` and pass that".to_owned())??;
    if read == 0 {
        return Err(format!("no readable record in this .evtx log ({broken} unreadable)"));
    }
    Ok(Read { events, unreadable: broken })
}

/// The events of `wevtutil qe … /f:xml` output: `<Event>` elements one after
/// another, with or without a root around them.
///
/// A field's text is all its pieces in order: the text, the five entities
/// XML predefines and character references (`alice&amp;` is `alice&`). Any
/// other entity is refused, as a document type that declares one would make
/// it mean anything. Attributes are read without the duplicate check, which
/// costs the square of their number on one element.
fn from_xml(text: &str) -> Result<Vec<LogonEvent>, String> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    let mut current: Option<LogonEvent> = None;
    // The element whose text is being read (a `Data` element by its
    // name), and its text so far.
    let mut open: Option<String> = None;
    let mut value = String::new();
    let mut seen_event = false;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| format!("XML error at byte {at}: {e}"))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                let name = String::from_utf8_lossy(tag.local_name().as_ref()).into_owned();
                let attr = |key: &str| {
                    tag.attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key.as_bytes())
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                value.clear();
                match name.as_str() {
                    "Event" => {
                        seen_event = true;
                        current = Some(LogonEvent::default());
                    }
                    "TimeCreated" => {
                        if let (Some(e), Some(t)) = (current.as_mut(), attr("SystemTime")) {
                            e.time = t;
                        }
                    }
                    "Data" => open = attr("Name").map(|n| format!("Data:{n}")),
                    "EventID" | "EventRecordID" => open = Some(name),
                    _ => {}
                }
                if empty {
                    open = None;
                }
            }
            Event::Text(text) if open.is_some() => {
                value.push_str(&text.decode().map_err(|e| format!("at byte {at}: {e}"))?);
            }
            Event::CData(text) if open.is_some() => {
                value.push_str(&text.decode().map_err(|e| format!("at byte {at}: {e}"))?);
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| format!("at byte {at}: {e}"))?;
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| {
                            format!(
                                "at byte {at}: the entity `&{}` is none XML predefines \
                                 (flowcred reads those and character references only)",
                                crate::mask::excerpt(&name)
                            )
                        })?
                        .to_owned(),
                    Err(e) => return Err(format!("at byte {at}: {e}")),
                };
                if open.is_some() {
                    value.push_str(&resolved);
                }
            }
            Event::End(tag) => {
                if let (Some(e), Some(field)) = (current.as_mut(), open.take()) {
                    set(e, &field, value.trim());
                }
                value.clear();
                if tag.local_name().as_ref() == b"Event" {
                    if let Some(e) =
                        current.take().filter(|e| LOGON_EVENT_IDS.contains(&e.event_id))
                    {
                        out.push(e);
                    }
                }
            }
            Event::Eof if current.is_some() => {
                return Err("the XML ends inside an `<Event>`: the export is cut short".into());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_event {
        return Err(
            "no Windows event in it (expected `.evtx`, or `wevtutil qe Security /f:xml` output)"
                .into(),
        );
    }
    Ok(out)
}

/// Events as `wevtutil qe … /f:xml` prints them: one `<Event>` after
/// another, with the fields [`set`] reads (values escaped).
pub fn to_xml(events: &[LogonEvent]) -> String {
    use crate::escape::xml;
    let mut out = String::new();
    for e in events {
        let data = |name: &str, value: &str| format!("<Data Name=\"{name}\">{}</Data>", xml(value));
        let status = |v: Option<i64>| v.map_or(String::new(), |v| format!("0x{:x}", v as u32));
        let mut fields = vec![
            data("TargetUserName", &e.target_user),
            data("TargetDomainName", &e.target_domain),
        ];
        if e.status.is_some() {
            fields.push(data("Status", &status(e.status)));
        }
        if e.sub_status.is_some() {
            fields.push(data("SubStatus", &status(e.sub_status)));
        }
        if let Some(t) = e.logon_type {
            fields.push(data("LogonType", &t.to_string()));
        }
        if !e.package.is_empty() {
            fields.push(data("AuthenticationPackageName", &e.package));
        }
        if !e.process.is_empty() {
            fields.push(data("ProcessName", &e.process));
        }
        out.push_str(&format!(
            "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"Microsoft-Windows-Security-Auditing\"/><EventID>{}</EventID><TimeCreated SystemTime=\"{}\"/><EventRecordID>{}</EventRecordID></System><EventData>{}</EventData></Event>\r\n",
            e.event_id,
            xml(&e.time),
            e.record_id,
            fields.concat()
        ));
    }
    out
}

/// Puts a field's whole text where it belongs.
fn set(e: &mut LogonEvent, field: &str, value: &str) {
    match field {
        "EventID" => e.event_id = value.parse().unwrap_or(0),
        "EventRecordID" => e.record_id = value.parse().unwrap_or(0),
        "Data:TargetUserName" => e.target_user = value.to_owned(),
        "Data:TargetDomainName" => e.target_domain = value.to_owned(),
        "Data:Status" => e.status = parse_number(value),
        "Data:SubStatus" => e.sub_status = parse_number(value),
        "Data:LogonType" => e.logon_type = parse_number(value).and_then(|n| u32::try_from(n).ok()),
        "Data:ProcessName" => e.process = value.to_owned(),
        "Data:AuthenticationPackageName" | "Data:PackageName" => e.package = value.to_owned(),
        _ => {}
    }
}

/// `0xc000006d`, `-1073741715` or `10` as a number.
fn parse_number(text: &str) -> Option<i64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4625</EventID><TimeCreated SystemTime="2025-06-03T09:14:22.789Z"/><EventRecordID>77</EventRecordID></System><EventData><Data Name="TargetUserName">alice</Data><Data Name="TargetDomainName">CONTOSO</Data><Data Name="Status">0xc000006d</Data><Data Name="SubStatus">0xc000006a</Data><Data Name="LogonType">10</Data><Data Name="ProcessName">C:\Windows\System32\winlogon.exe</Data></EventData></Event><Event><System><EventID>4624</EventID></System></Event></Events>"#;

    #[test]
    fn wevtutil_xml_gives_the_logon_failure() {
        let events = from_xml(XML).unwrap();
        assert_eq!(events.len(), 1, "the 4624 is left out");
        let e = &events[0];
        assert_eq!((e.event_id, e.record_id, e.logon_type), (4625, 77, Some(10)));
        assert_eq!((e.status, e.sub_status), (Some(0xC000_006D), Some(0xC000_006A)));
        assert!(
            e.describe().contains("`CONTOSO\\alice`, Remote Desktop logon"),
            "{}",
            e.describe()
        );
        assert!(e.describe().ends_with("(wrong password)"), "{}", e.describe());
        assert!(e.names("CONTOSO\\alice") && e.names("alice@contoso.com") && !e.names("bob"));
    }

    #[test]
    fn entities_and_character_references_are_part_of_the_value() {
        let xml = XML.replace(">alice<", ">alice&amp;<").replace(">CONTOSO<", ">CON&#x54;&lt;OSO<");
        let e = &from_xml(&xml).unwrap()[0];
        assert_eq!(e.target_user, "alice&");
        assert_eq!(e.target_domain, "CONT<OSO");
        assert!(!e.names("alice"), "another account's logon is not the connection's");
        let declared =
            format!("<!DOCTYPE x [<!ENTITY who \"bob\">]>{}", XML.replace(">alice<", ">&who;<"));
        assert!(
            from_xml(&declared).unwrap_err().contains("`&who`"),
            "a declared entity is refused"
        );
    }

    #[test]
    fn many_attributes_on_one_element_read_in_one_pass() {
        let attrs: String = (0..300_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let xml = XML.replace(
            "<Data Name=\"TargetUserName\">",
            &format!("<Data{attrs} Name=\"TargetUserName\">"),
        );
        assert_eq!(from_xml(&xml).unwrap()[0].target_user, "alice");
    }

    #[test]
    fn text_that_is_no_event_log_is_refused() {
        assert!(from_xml("hello").unwrap_err().contains("no Windows event"));
        assert!(from_xml("<a><b></a>").is_err());
        let cut = &XML[..XML.find("</EventData>").unwrap()];
        assert!(from_xml(cut).unwrap_err().contains("cut short"));
    }
}
