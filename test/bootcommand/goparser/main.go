// Command goparser prints Go's parse of boot commands (packer-plugin-sdk bootcommand) as JSON,
// so the TypeScript parser can be checked against it. Input: a JSON array of strings on stdin.
// Output: one JSON object per input: {"input", "events": [String() of each expression], "error",
// "validate": [messages]}. Also answers BootConfig.Prepare for each input as one boot_command line.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/packer-plugin-sdk/bootcommand"
)

type result struct {
	Input    string   `json:"input"`
	Events   []string `json:"events"`
	Error    string   `json:"error,omitempty"`
	Validate []string `json:"validate"`
	Prepare  []string `json:"prepare"`
}

func main() {
	var inputs []string
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintln(os.Stderr, "goparser: stdin must be a JSON array of strings:", err)
		os.Exit(2)
	}
	out := make([]result, 0, len(inputs))
	for _, in := range inputs {
		r := result{Input: in, Events: []string{}, Validate: []string{}, Prepare: []string{}}
		seq, err := bootcommand.GenerateExpressionSequence(in)
		if err != nil {
			r.Error = err.Error()
		} else {
			for _, e := range seq {
				r.Events = append(r.Events, fmt.Sprint(e))
			}
			for _, v := range seq.Validate() {
				r.Validate = append(r.Validate, v.Error())
			}
		}
		cfg := bootcommand.BootConfig{BootCommand: []string{in}}
		for _, e := range cfg.Prepare(nil) {
			r.Prepare = append(r.Prepare, e.Error())
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "goparser:", err)
		os.Exit(1)
	}
}
