// The pod sandbox ("pause") process of the local cluster's pods: it holds the pod's namespaces and does nothing.
module krafter.dev/local-cluster/pause

go 1.26.0
