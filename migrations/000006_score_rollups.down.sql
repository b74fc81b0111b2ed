DROP TABLE score_rollups;
