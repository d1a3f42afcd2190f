// Package hello holds the Go twin of the Quick start plugin's Config (templates/quickstart.answers.json),
// for bench/ship.mjs: `packer-sdc mapstructure-to-hcl2` generates its HCL2 spec, the Go counterpart
// of `packer-builder regenerate-spec`.
//
//go:generate packer-sdc mapstructure-to-hcl2 -type Config,Output,ExtraFile
package hello

import (
	"github.com/hashicorp/packer-plugin-sdk/common"
)

type Output struct {
	// Output directory.
	Dir string `mapstructure:"dir"`
}

type ExtraFile struct {
	Path    string `mapstructure:"path" required:"true"`
	Content string `mapstructure:"content"`
}

type Config struct {
	common.PackerConfig `mapstructure:",squash"`
	// What to greet.
	Greeting string `mapstructure:"greeting" required:"true"`
	// How many times to greet.
	Repeat int `mapstructure:"repeat"`
	// Any number.
	Ratio float64 `mapstructure:"ratio"`
	// Shout the greeting.
	Loud bool   `mapstructure:"loud"`
	Mode string `mapstructure:"mode"`
	// How long a step waits.
	Wait string `mapstructure:"wait"`
	// A secret; never printed.
	Token string `mapstructure:"token"`
	// Labels for the artifact.
	Labels map[string]string `mapstructure:"labels"`
	// Who else to greet.
	Names []string `mapstructure:"names"`
	// Where the artifact goes.
	Output *Output `mapstructure:"output"`
	// Extra files to write.
	ExtraFile []ExtraFile `mapstructure:"extra_file"`
}
