package emailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// Mail is a Message's data read as a mail client reads it.
type Mail struct {
	Header  mail.Header
	Subject string // decoded from its encoded words
	// Type is the media type of the whole mail: "multipart/alternative"
	// for text alone, "multipart/mixed" with attachments.
	Type string
	// Parts are the leaf parts, in the order they come, multiparts
	// flattened.
	Parts []Part
}

// Part is one leaf MIME part, decoded from its transfer encoding.
type Part struct {
	Header textproto.MIMEHeader // as sent
	Type   string               // the media type, lower case: "text/plain", "image/jpeg"
	Params map[string]string    // Content-Type parameters ("charset", "name")
	// Disposition is "attachment", "inline" or "" (none given).
	Disposition string
	// FileName is the part's file name, decoded: Content-Disposition's
	// filename (RFC 2231 filename* first), else Content-Type's name,
	// either of them possibly encoded words.
	FileName string
	Data     []byte
}

// Parse reads the message's data: headers, the MIME tree and each part's
// content. It fails on anything a mail client could not read (a
// multipart without a boundary, an unknown transfer encoding, bad base64).
func (m Message) Parse() (*Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return nil, fmt.Errorf("emailtest: read mail: %w", err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return nil, fmt.Errorf("emailtest: Subject: %w", err)
	}
	out := &Mail{Header: msg.Header, Subject: subject}
	h := textproto.MIMEHeader(msg.Header)
	out.Type, _, err = contentType(h)
	if err != nil {
		return nil, err
	}
	if err := out.walk(h, msg.Body, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// Attachments returns the parts sent as attachments, in order.
func (m *Mail) Attachments() []Part {
	var out []Part
	for _, p := range m.Parts {
		if p.Disposition == "attachment" {
			out = append(out, p)
		}
	}
	return out
}

// Text returns the content of the parts of the media type (text/plain,
// text/html) that are not attachments, in order, CRLF line ends made LF.
func (m *Mail) Text(mediaType string) []string {
	var out []string
	for _, p := range m.Parts {
		if p.Type == mediaType && p.Disposition != "attachment" {
			out = append(out, strings.ReplaceAll(string(p.Data), "\r\n", "\n"))
		}
	}
	return out
}

// contentType parses a part's Content-Type; none is text/plain (RFC 2045).
func contentType(h textproto.MIMEHeader) (string, map[string]string, error) {
	v := h.Get("Content-Type")
	if v == "" {
		return "text/plain", map[string]string{}, nil
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		return "", nil, fmt.Errorf("emailtest: Content-Type %q: %w", v, err)
	}
	return mt, params, nil
}

func (m *Mail) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	if depth > 10 {
		return errors.New("emailtest: multiparts nested too deep")
	}
	mt, params, err := contentType(h)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		if params["boundary"] == "" {
			return fmt.Errorf("emailtest: %s without a boundary", mt)
		}
		r := multipart.NewReader(body, params["boundary"])
		for {
			// Raw: NextPart would decode quoted-printable itself and
			// hide the header.
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("emailtest: %s: %w", mt, err)
			}
			if err := m.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("emailtest: %s: %w", mt, err)
	}
	data, err := decode(h.Get("Content-Transfer-Encoding"), raw)
	if err != nil {
		return fmt.Errorf("emailtest: %s: %w", mt, err)
	}
	p := Part{Header: h, Type: mt, Params: params, Data: data}
	var dparams map[string]string
	if v := h.Get("Content-Disposition"); v != "" {
		if p.Disposition, dparams, err = mime.ParseMediaType(v); err != nil {
			return fmt.Errorf("emailtest: Content-Disposition %q: %w", v, err)
		}
	}
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	var dec mime.WordDecoder
	if p.FileName, err = dec.DecodeHeader(name); err != nil {
		return fmt.Errorf("emailtest: file name %q: %w", name, err)
	}
	m.Parts = append(m.Parts, p)
	return nil
}

// decode undoes a Content-Transfer-Encoding.
func decode(cte string, raw []byte) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
		return raw, nil
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
	case "base64":
		return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
	}
	return nil, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
}
