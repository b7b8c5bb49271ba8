package source

import "bytes"

// LineText returns line (1-based) of data without its line ending, or ""
// when the line does not exist.
func LineText(data []byte, line int) string {
	if line <= 0 {
		return ""
	}
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return string(bytes.TrimRight(data, "\r"))
}
