// Command kstatus reads one Kubernetes object (JSON or YAML) on stdin and prints its
// kstatus status (sigs.k8s.io/cli-utils/pkg/kstatus/status) as one line of JSON:
//
//	{"status":"Current","message":"Resource is Ready"}
//
// It exits 0 whenever a status could be computed, 1 on unreadable or invalid input.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

// Output is the line printed on stdout.
type Output struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Compute parses one object (JSON or YAML) and computes its kstatus status.
func Compute(input []byte) (Output, error) {
	jsonBytes, err := yaml.YAMLToJSON(input)
	if err != nil {
		return Output{}, fmt.Errorf("parse object: %w", err)
	}
	// utiljson keeps integers as int64, as the unstructured accessors expect.
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(jsonBytes, &obj); err != nil {
		return Output{}, fmt.Errorf("parse object: %w", err)
	}
	if obj == nil {
		return Output{}, errors.New("no object on stdin")
	}
	u := &unstructured.Unstructured{Object: obj}
	if u.GetKind() == "" {
		return Output{}, errors.New("object has no kind")
	}
	res, err := status.Compute(u)
	if err != nil {
		return Output{}, fmt.Errorf("compute status: %w", err)
	}
	return Output{Status: res.Status.String(), Message: res.Message}, nil
}

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: kstatus < object.{json,yaml}")
		os.Exit(2)
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus: read stdin:", err)
		os.Exit(1)
	}
	out, err := Compute(input)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus:", err)
		os.Exit(1)
	}
	line, err := json.Marshal(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus:", err)
		os.Exit(1)
	}
	fmt.Println(string(line))
}
