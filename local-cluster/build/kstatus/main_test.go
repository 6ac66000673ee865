package main

import "testing"

func TestCompute(t *testing.T) {
	cases := []struct {
		name, input, want string
	}{
		{
			name: "ready and observed generation current",
			input: `{"apiVersion":"kafka.krafter.dev/v1","kind":"KafkaCluster",
				"metadata":{"name":"a","namespace":"ns","generation":3},
				"status":{"observedGeneration":3,"conditions":[{"type":"Ready","status":"True","reason":"Ready"}]}}`,
			want: "Current",
		},
		{
			name: "reconciling",
			input: `
apiVersion: kafka.krafter.dev/v1
kind: KafkaCluster
metadata: {name: b, namespace: ns, generation: 2}
status:
  observedGeneration: 2
  conditions:
  - {type: Reconciling, status: "True", reason: Scaling, message: scaling brokers}
  - {type: Ready, status: "False", reason: Scaling}
`,
			want: "InProgress",
		},
		{
			name: "stalled",
			input: `{"apiVersion":"kafka.krafter.dev/v1","kind":"KafkaCluster",
				"metadata":{"name":"c","namespace":"ns","generation":5},
				"status":{"observedGeneration":5,"conditions":[{"type":"Stalled","status":"True","reason":"InvalidSpec","message":"bad"}]}}`,
			want: "Failed",
		},
		{
			name: "observed generation behind",
			input: `{"apiVersion":"kafka.krafter.dev/v1","kind":"KafkaCluster",
				"metadata":{"name":"d","namespace":"ns","generation":4},
				"status":{"observedGeneration":3,"conditions":[{"type":"Ready","status":"True"}]}}`,
			want: "InProgress",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Compute([]byte(c.input))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != c.want {
				t.Fatalf("status = %q (%q), want %q", got.Status, got.Message, c.want)
			}
		})
	}
}

func TestComputeBadInput(t *testing.T) {
	for _, in := range []string{"", "{not json", `{"metadata":{"name":"x"}}`, "[1,2]"} {
		if _, err := Compute([]byte(in)); err == nil {
			t.Errorf("Compute(%q): want error", in)
		}
	}
}
