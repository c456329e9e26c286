"""The running-injury intake: the record, its checks, body chart, energy availability, running form."""
