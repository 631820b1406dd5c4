-- Run by Spring Boot at startup against the embedded H2 data sources of the tests: proves that statements
-- executed while the context starts are traced without pulling tracing into early initialisation.
CREATE TABLE IF NOT EXISTS products (id INT PRIMARY KEY, name VARCHAR(50));
