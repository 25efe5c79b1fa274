// The operator's view: documents moved per flow and partner, failures, acknowledgment latency, heartbeats.

@description('Display name of the workbook in the portal.')
param displayName string

@description('Azure region.')
param location string

@description('Tags put on every resource.')
param tags object

@description('Resource id of the Application Insights the workbook reads.')
param appInsightsId string

@description('KQL that yields the connector\'s events as rows with event_name, flow, partner and doc_key columns.')
param eventRows string

var componentsType = 'microsoft.insights/components'

// Acknowledgment latency: from the document.done that delivered a document to the ack.received that reconciled
// it (same flow and key). Documents sent before the selected time range have no start, so widen the range to see them.
var ackLatency = 'let rows = ${eventRows}; let sent = rows | where event_name == "document.done" | summarize sent_at = min(timestamp) by flow, doc_key; rows | where event_name == "ack.received" | summarize acked_at = min(timestamp) by flow, doc_key, partner | join kind=inner (sent) on flow, doc_key | extend latency_minutes = (acked_at - sent_at) / 1m | summarize acknowledged = count(), p50_minutes = percentile(latency_minutes, 50), p95_minutes = percentile(latency_minutes, 95), max_minutes = max(latency_minutes) by partner | order by p95_minutes desc'

var queries = {
  moved: '${eventRows} | where event_name == "document.done" | summarize documents = count() by flow, partner | order by documents desc'
  movedOverTime: '${eventRows} | where event_name == "document.done" | summarize documents = count() by flow, bin(timestamp, {TimeRange:grain})'
  failures: '${eventRows} | where event_name in ("document.failed", "document.poisoned") | summarize failures = count(), last_seen = max(timestamp), keys = make_set(doc_key, 20) by event_name, flow, partner | order by failures desc'
  latestFailures: '${eventRows} | where event_name in ("document.failed", "document.poisoned") | project timestamp, event_name, flow, partner, doc_key, message | order by timestamp desc | take 100'
  ackLatency: ackLatency
  ackOverdue: '${eventRows} | where event_name == "ack.overdue" | summarize overdue = count(), keys = make_set(doc_key, 20) by partner | order by overdue desc'
  heartbeats: '${eventRows} | where event_name in ("poll.completed", "sweep.completed", "dynamics.throttled") | summarize count() by event_name, bin(timestamp, {TimeRange:grain})'
}

var timeRangeParameter = {
  id: 'a3c5e2f0-6c1b-4d8e-9f7a-2b4c6d8e0f11'
  version: 'KqlParameterItem/1.0'
  name: 'TimeRange'
  label: 'Time range'
  type: 4
  isRequired: true
  value: {
    durationMs: 86400000
  }
  typeSettings: {
    selectableValues: [
      {
        durationMs: 3600000
      }
      {
        durationMs: 14400000
      }
      {
        durationMs: 86400000
      }
      {
        durationMs: 604800000
      }
      {
        durationMs: 2592000000
      }
    ]
  }
}

var panels = [
  {
    name: 'moved'
    title: 'Documents moved, per flow and partner'
    query: queries.moved
    visualization: 'table'
  }
  {
    name: 'moved-over-time'
    title: 'Documents moved over time, per flow'
    query: queries.movedOverTime
    visualization: 'timechart'
  }
  {
    name: 'failures'
    title: 'Failed and poisoned documents (replay with ml-connector replay)'
    query: queries.failures
    visualization: 'table'
  }
  {
    name: 'latest-failures'
    title: 'Latest failures with their reason'
    query: queries.latestFailures
    visualization: 'table'
  }
  {
    name: 'ack-latency'
    title: 'Acknowledgment latency per partner (minutes)'
    query: queries.ackLatency
    visualization: 'table'
  }
  {
    name: 'ack-overdue'
    title: 'Acknowledgments overdue per partner'
    query: queries.ackOverdue
    visualization: 'table'
  }
  {
    name: 'heartbeats'
    title: 'Polls, sweeps and Dynamics throttling'
    query: queries.heartbeats
    visualization: 'timechart'
  }
]

var content = {
  version: 'Notebook/1.0'
  items: concat(
    [
      {
        type: 1
        name: 'intro'
        content: {
          json: '## ml-connector\nDocuments between Dynamics 365 F&O and Sterling B2B Integrator. What each alert means and what to do: docs/operations.md.'
        }
      }
      {
        type: 9
        name: 'parameters'
        content: {
          version: 'KqlParameterItem/1.0'
          parameters: [
            timeRangeParameter
          ]
          style: 'pills'
          queryType: 0
          resourceType: componentsType
        }
      }
    ],
    map(panels, panel => {
      type: 3
      name: panel.name
      content: {
        version: 'KqlItem/1.0'
        title: panel.title
        query: panel.query
        size: 0
        timeContextFromParameter: 'TimeRange'
        timeContext: {
          durationMs: 86400000
        }
        queryType: 0
        resourceType: componentsType
        visualization: panel.visualization
      }
    })
  )
  fallbackResourceIds: [
    appInsightsId
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsightsId, 'ml-connector-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    version: 'Notebook/1.0'
    sourceId: appInsightsId
    serializedData: string(content)
  }
}

output id string = workbook.id
