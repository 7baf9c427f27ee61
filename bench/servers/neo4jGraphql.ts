/**
 * The `@neo4j/graphql` comparison server: the Neo4j GraphQL Library (v7) under Apollo Server,
 * on type definitions equivalent to the parts of the service's schema the benchmark asks for.
 * Relationships, filters, sorting, limits and counts are the library's own; what it has no
 * native equivalent for (the exact-name-first full-text search, the neighbourhood, the
 * shortest path, the per-donor aggregation with budgets per currency) is a `@cypher` field
 * running the same Cypher the service and the floor run.
 *
 * Env: NEO4J_URI, NEO4J_USER (neo4j), NEO4J_PASSWORD, PORT (4100), HOST (127.0.0.1).
 * Routes: POST /graphql, GET /healthz. Prints `listening on http://host:port` when ready.
 */
import { ApolloServer } from '@apollo/server';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { relationshipAlternation } from '../../src/db/cypher/relationshipPatterns';
import { handleGraphQL } from '../../src/http/graphqlHandler';
import { sendJson, serve, serverEnv } from './common';

/** Every entity relationship type, for the graph queries' variable-length patterns. */
const ALL_TYPES = relationshipAlternation();

/** A graph node's fields, as the service's GraphNode gives the ones the benchmark reads. */
const GRAPH_NODE = "{id: n.id, name: n.name, type: [l IN labels(n) WHERE l IN ['Organisation','Project','Country','LegalFramework','Person']][0]}";

export const TYPE_DEFS = /* GraphQL */ `
  interface Entity {
    id: ID!
    name: String!
  }

  type Evidence @relationshipProperties {
    excerpt: String
    position: Int
  }

  type Source @node {
    id: ID!
  }

  type Organisation implements Entity @node {
    id: ID!
    name: String!
    sortName: String
    acronym: String
    aliases: [String!]
    kind: String
    isDonor: Boolean! @cypher(statement: "RETURN this:Donor AS isDonor", columnName: "isDonor")
    parent: [Organisation!]! @relationship(type: "PART_OF", direction: OUT)
    units: [Organisation!]! @relationship(type: "PART_OF", direction: IN)
    country: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
    sources: [Source!]! @relationship(type: "EVIDENCED_BY", direction: OUT, properties: "Evidence")
    projectsFunded: [Project!]! @relationship(type: "FUNDED_BY", direction: IN)
    projectsBenefiting: [Project!]! @relationship(type: "BENEFITS", direction: IN)
  }

  type Project implements Entity @node {
    id: ID!
    name: String!
    sortName: String
    acronym: String
    status: String
    startDate: Date
    endDate: Date
    budgetAmount: Float
    budgetCurrency: String
    fundedBy: [Organisation!]! @relationship(type: "FUNDED_BY", direction: OUT)
    implementedBy: [Organisation!]! @relationship(type: "IMPLEMENTED_BY", direction: OUT)
    beneficiaries: [Organisation!]! @relationship(type: "BENEFITS", direction: OUT)
    countries: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
  }

  type Country implements Entity @node {
    id: ID!
    name: String!
    sortName: String
    isoCode: String!
  }

  type LegalFramework implements Entity @node {
    id: ID!
    name: String!
    sortName: String
  }

  type Person implements Entity @node {
    id: ID!
    name: String!
    sortName: String
  }

  type GraphNode {
    id: ID!
    name: String!
    type: String!
  }

  type GraphEdge {
    source: ID!
    target: ID!
    type: String!
  }

  type Graph {
    nodes: [GraphNode!]!
    edges: [GraphEdge!]!
    truncated: Boolean!
  }

  type Money {
    amount: Float!
    currency: String!
  }

  type ProjectBucket {
    key: String!
    entityId: ID
    entityName: String
    count: Int!
    budget: [Money!]!
  }

  type SearchHit {
    score: Float!
    type: String!
    id: ID!
    name: String!
  }

  type Query {
    "Full-text search over entity_search, exact name matches first (as the service ranks them)."
    searchEntities(query: String!, key: String!, first: Int!): [SearchHit!]!
      @cypher(
        statement: """
        CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
        WITH node, score
        ORDER BY CASE WHEN $key IN node.nameKeys THEN 0 ELSE 1 END, score DESC, node.sortName
        LIMIT $first
        RETURN {
          score: score,
          type: CASE WHEN node:Organisation THEN 'ORGANISATION' WHEN node:Project THEN 'PROJECT' WHEN node:Country THEN 'COUNTRY'
                     WHEN node:LegalFramework THEN 'LEGAL_FRAMEWORK' ELSE 'PERSON' END,
          id: node.id, name: node.name
        } AS hit
        """
        columnName: "hit"
      )

    "The entity and everything within 2 hops, at most $limit besides it, and the relationships among them."
    neighbourhood(id: ID!, limit: Int!): Graph
      @cypher(
        statement: """
        MATCH (s:Entity {id: $id})
        CALL (s) {
          MATCH (s)-[:${ALL_TYPES}*1..2]-(n:Entity)
          WHERE n <> s
          WITH DISTINCT n
          LIMIT $limit + 1
          RETURN collect(n) AS reached
        }
        WITH [s] + reached[0..$limit] AS nodes, size(reached) > $limit AS truncated
        CALL (nodes) {
          UNWIND nodes AS a
          MATCH (a)-[r:${ALL_TYPES}]->(b:Entity)
          WHERE b IN nodes
          RETURN collect({source: a.id, target: b.id, type: type(r)}) AS edges
        }
        RETURN {nodes: [n IN nodes | ${GRAPH_NODE}], edges: edges, truncated: truncated} AS graph
        """
        columnName: "graph"
      )

    "A shortest path of at most 6 relationships, either direction; null when none."
    shortestPath(from: ID!, to: ID!): Graph
      @cypher(
        statement: """
        MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
        MATCH path = shortestPath((a)-[:${ALL_TYPES}*..6]-(b))
        WITH path LIMIT 1
        RETURN {
          nodes: [n IN nodes(path) | ${GRAPH_NODE}],
          edges: [r IN relationships(path) | {source: startNode(r).id, target: endNode(r).id, type: type(r)}],
          truncated: false
        } AS graph
        """
        columnName: "graph"
      )

    "Projects in a country grouped by donor: how many, and budgets summed per currency."
    projectsPerDonor(country: ID!): [ProjectBucket!]!
      @cypher(
        statement: """
        MATCH (:Country {id: $country})<-[:IN_COUNTRY]-(p:Project)
        OPTIONAL MATCH (p)-[:FUNDED_BY]->(g:Organisation)
        WITH g, collect(DISTINCT p) AS projects
        CALL (projects) {
          UNWIND projects AS q
          WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
          WHERE currency IS NOT NULL
          WITH currency, amount ORDER BY currency
          RETURN collect({currency: currency, amount: amount}) AS budget
        }
        WITH coalesce(g.id, '(none)') AS key, g.id AS entityId, g.name AS entityName, size(projects) AS count, budget
        ORDER BY count DESC, entityId
        RETURN {key: key, entityId: entityId, entityName: entityName, count: count, budget: budget} AS bucket
        """
        columnName: "bucket"
      )
  }
`;

/** Builds the executable schema and serves it until SIGTERM. */
async function main(): Promise<void> {
  const env = serverEnv(4100);
  const driver: Driver = neo4j.driver(env.uri, neo4j.auth.basic(env.user, env.password));
  await driver.getServerInfo();
  const schema = await new Neo4jGraphQL({ typeDefs: TYPE_DEFS, driver }).getSchema();
  const apollo = new ApolloServer({ schema, csrfPrevention: false, stopOnTerminationSignals: false, introspection: true });
  await apollo.start();

  await serve(
    env,
    async (req, res, path) => {
      if (path === '/healthz') sendJson(res, 200, { status: 'ok' });
      else if (path === '/graphql') await handleGraphQL(req, res, apollo, () => ({}));
      else sendJson(res, 404, { error: 'not found' });
    },
    async () => {
      await apollo.stop();
      await driver.close();
    },
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`[neo4jGraphql] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
